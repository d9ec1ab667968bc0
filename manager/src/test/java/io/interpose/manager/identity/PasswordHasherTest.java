package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void hashIsSelfDescribingWithIterationsSaltAndHash() {
        String encoded = hasher.hash("correct horse battery");

        assertThat(encoded).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void productionDefaultIsAbout210000Iterations() {
        assertThat(new PasswordHasher().iterations()).isEqualTo(210_000);
        assertThat(new PasswordHasher().hash("correct horse battery")).startsWith("pbkdf2-sha256$210000$");
    }

    @Test
    void rightPasswordVerifiesAndWrongOneDoesNot() {
        String encoded = hasher.hash("correct horse battery");

        assertThat(hasher.verify("correct horse battery", encoded)).isTrue();
        assertThat(hasher.verify("correct horse batterY", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hasher.hash("correct horse battery"));
    }

    @Test
    void hashMadeWithAnotherIterationCountStillVerifies() {
        String encoded = new PasswordHasher(500).hash("correct horse battery");

        assertThat(hasher.verify("correct horse battery", encoded)).isTrue();
    }

    @Test
    void malformedEncodedHashesNeverVerify() {
        String good = hasher.hash("pw");
        String[] bad = {null, "", "plain", "md5$1000$AAAA$AAAA", "pbkdf2-sha256$x$AAAA$AAAA",
            "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$1000$!!$AAAA", "pbkdf2-sha256$1000$$",
            good + "$extra", "pbkdf2-sha256$99999999999$AAAA$AAAA"};

        for (String encoded : bad) {
            assertThat(hasher.verify("pw", encoded)).as(String.valueOf(encoded)).isFalse();
        }
    }

    @Test
    void needsRehashWhenMadeWithFewerIterationsOrMalformed() {
        assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();
        assertThat(hasher.needsRehash(new PasswordHasher(2_000).hash("pw"))).isFalse();
        assertThat(hasher.needsRehash(new PasswordHasher(999).hash("pw"))).isTrue();
        assertThat(hasher.needsRehash("garbage")).isTrue();
    }

    @Test
    void refusesAnUnreasonableIterationCount() {
        assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(10_000_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
