package io.interpose.manager.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, deliberately slow password hashes: PBKDF2 with HMAC-SHA256, a 16-byte random salt and a
 * configurable iteration count, written in a self-describing form
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>} so that the count can be raised later
 * ({@link #needsRehash}). Verification compares in constant time. A malformed encoded hash never
 * verifies; nothing here throws for bad input. Thread-safe.
 */
public final class PasswordHasher {
    /** The production iteration count (OWASP 2023 guidance for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** Throws {@link IllegalArgumentException} unless {@code iterations} is between 1 and 10,000,000. */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in 1.." + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    /** A fresh salted hash of {@code password}, in the encoded form. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return encode(new Encoded(iterations, salt, derive(password, salt, iterations)));
    }

    /** True if {@code password} matches {@code encoded}; false if it does not or {@code encoded} is malformed. */
    public boolean verify(String password, String encoded) {
        return Encoded.parse(encoded)
                .map(e -> MessageDigest.isEqual(e.hash(), derive(password, e.salt(), e.iterations())))
                .orElse(false);
    }

    /** True if {@code encoded} was made with fewer iterations than this hasher uses, or is malformed. */
    public boolean needsRehash(String encoded) {
        return Encoded.parse(encoded).map(e -> e.iterations() < iterations).orElse(true);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String encode(Encoded e) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return String.join("$", ALGORITHM, Integer.toString(e.iterations()),
                b64.encodeToString(e.salt()), b64.encodeToString(e.hash()));
    }

    private record Encoded(int iterations, byte[] salt, byte[] hash) {
        static Optional<Encoded> parse(String encoded) {
            String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
                return Optional.empty();
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2].getBytes(StandardCharsets.US_ASCII));
                byte[] hash = Base64.getDecoder().decode(parts[3].getBytes(StandardCharsets.US_ASCII));
                boolean sane = iterations >= 1 && iterations <= MAX_ITERATIONS && salt.length > 0 && hash.length > 0;
                return sane ? Optional.of(new Encoded(iterations, salt, hash)) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
