package io.interpose.host.mux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks guest credentials: a VM's credential is HMAC-SHA256(host-local key, vm id),
 * base64url without padding. The key never leaves the host; the hypervisor hands each VM its
 * credential. Thread-safe.
 */
public final class GuestCredentials {

    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    private GuestCredentials(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a guest credential key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** Credentials from a known key (at least 16 bytes). */
    public static GuestCredentials of(byte[] key) {
        return new GuestCredentials(Objects.requireNonNull(key, "key"));
    }

    /**
     * Reads the key file, or creates it with 32 random bytes, readable by its owner only from the moment
     * it exists.
     *
     * @throws UncheckedIOException when the file cannot be read or created
     */
    public static GuestCredentials loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            return new GuestCredentials(Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the guest credential key " + keyFile, e);
        }
    }

    private static void create(Path keyFile) throws IOException {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        try (SeekableByteChannel channel = Files.newByteChannel(keyFile,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            channel.write(ByteBuffer.wrap(bytes));
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: read theirs
        }
    }

    /** The credential of this VM. */
    public String issue(String vmId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(vmId));
    }

    /** Whether the credential is this VM's (compared in constant time). */
    public boolean verify(String vmId, String credential) {
        if (vmId == null || credential == null) {
            return false;
        }
        byte[] expected = issue(vmId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, credential.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(String vmId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(vmId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
