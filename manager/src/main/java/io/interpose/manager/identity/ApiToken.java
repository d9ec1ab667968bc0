package io.interpose.manager.identity;

import java.util.Objects;

/**
 * An API token. Only the SHA-256 of the secret is stored ({@code secretHash}, hex); the secret is shown
 * once, when the token is created. {@code expiresAt} is epoch ms, 0 for never.
 */
public record ApiToken(String id, String username, String secretHash, long createTime, long expiresAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secretHash, "secretHash");
    }
}
