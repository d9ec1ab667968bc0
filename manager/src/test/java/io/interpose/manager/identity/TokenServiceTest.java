package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.manager.store.NotFoundException;
import io.interpose.model.InvalidResourceException;
import io.interpose.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final TokenService tokens = new TokenService(store, clock);

    TokenServiceTest() {
        UserService users = new UserService(store, new PasswordHasher(1_000), clock);
        users.create(new NewUser("alice", "long enough password", List.of("auditor"), null));
        users.create(new NewUser("bob", "long enough password", List.of("auditor"), null));
    }

    @Test
    void theSecretIs32RandomBytesInUrlSafeBase64AndOnlyItsHashIsStored() {
        NewToken created = tokens.create("alice");

        assertThat(created.secret()).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.token().secretHash()).isEqualTo(TokenService.secretHash(created.secret()))
                .matches("[0-9a-f]{64}");
        assertThat(store.tokens("alice")).containsExactly(created.token());
        assertThat(created.toString()).doesNotContain(created.secret());
        assertThat(tokens.create("alice").secret()).isNotEqualTo(created.secret());
    }

    @Test
    void secretHashIsTheSha256HexOfTheSecret() {
        assertThat(TokenService.secretHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aTokenNeverExpiresUnlessGivenAValidity() {
        assertThat(tokens.create("alice").token().expiresAt()).isZero();
        assertThat(tokens.create("alice", Duration.ofHours(2)).token().expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(2)).toEpochMilli());
        assertThatThrownBy(() -> tokens.create("alice", Duration.ZERO)).isInstanceOf(InvalidResourceException.class);
    }

    @Test
    void tokensAreOnlyForExistingUsers() {
        assertThatThrownBy(() -> tokens.create("ghost")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tokens.list("ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listShowsOnlyThatUsersTokens() {
        NewToken a1 = tokens.create("alice");
        tokens.create("bob");
        clock.advance(Duration.ofSeconds(1));
        NewToken a2 = tokens.create("alice");

        assertThat(tokens.list("alice")).containsExactly(a1.token(), a2.token());
    }

    @Test
    void revokeDeletesOnlyTheUsersOwnToken() {
        NewToken alices = tokens.create("alice");

        assertThat(tokens.revoke("bob", alices.token().id())).isFalse();
        assertThat(tokens.list("alice")).hasSize(1);
        assertThat(tokens.revoke("alice", alices.token().id())).isTrue();
        assertThat(tokens.list("alice")).isEmpty();
        assertThat(tokens.revoke("alice", alices.token().id())).isFalse();
    }
}
