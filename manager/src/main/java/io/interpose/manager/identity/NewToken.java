package io.interpose.manager.identity;

import java.util.Objects;

/**
 * A token just created: the stored {@link ApiToken} and its {@code secret}, which is shown to the client
 * this once and never stored (only its SHA-256 is). The client sends it as {@code Bearer <secret>}.
 */
public record NewToken(ApiToken token, String secret) {
    public NewToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "NewToken[token=" + token + ", secret=(hidden)]";
    }
}
