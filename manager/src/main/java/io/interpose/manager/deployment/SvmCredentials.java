package io.interpose.manager.deployment;

import io.interpose.manager.DataFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential each service VM receives in its OVF environment ({@code interpose.svm.token}): an
 * HMAC-SHA256 of its deployment and host under a key kept (owner-only) in the manager's data directory.
 * The same SVM always gets the same token, so a redeployed SVM keeps working. Host agents never see the
 * key: each gets, in its desired state, the SHA-256 of the token of every SVM on its host, and its MUX
 * checks the token an SVM presents against it. Tokens never appear in API responses or logs.
 */
public final class SvmCredentials {
    public static final String KEY_FILE = "svm-credentials.key";
    private final byte[] key;

    private SvmCredentials(byte[] key) {
        this.key = key.clone();
    }

    /** Loads the key from {@code dataDir}, creating it on first use. */
    public static SvmCredentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (DataFiles.readString(file).isEmpty()) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                DataFiles.writeSecret(file, Base64.getEncoder().encodeToString(fresh));
            }
            return new SvmCredentials(Base64.getDecoder().decode(DataFiles.readString(file).orElseThrow()));
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the SVM credential key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token of the SVM of {@code deploymentId} on {@code hostId}. */
    public String token(String deploymentId, String hostId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((deploymentId + "\n" + hostId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** True if {@code token} is the token of that SVM (constant-time comparison). */
    public boolean verify(String deploymentId, String hostId, String token) {
        return token != null && MessageDigest.isEqual(token(deploymentId, hostId).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
