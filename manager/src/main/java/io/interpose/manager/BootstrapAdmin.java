package io.interpose.manager;

import io.interpose.manager.identity.UserService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The first enterprise_admin. On a store without users it is created with the password from
 * {@code INTERPOSE_ADMIN_PASSWORD} or a random one, which is kept (owner-only) in the data directory
 * as {@code admin-password} so that the lab can hand it to its user.
 */
record BootstrapAdmin(String username, Optional<String> password) {
    static final String PASSWORD_FILE = "admin-password";

    static BootstrapAdmin ensure(UserService users, ManagerConfig config) {
        Path file = config.dataDir().resolve(PASSWORD_FILE);
        String fromEnv = System.getenv("INTERPOSE_ADMIN_PASSWORD");
        String candidate = fromEnv != null && !fromEnv.isBlank() ? fromEnv : randomPassword();
        if (users.list().isEmpty()) {
            write(file, candidate);
            if (users.bootstrapAdmin(config.adminUser(), candidate)) {
                return new BootstrapAdmin(config.adminUser(), Optional.of(candidate));
            }
        }
        return new BootstrapAdmin(config.adminUser(), read(file));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String password) {
        DataFiles.writeSecret(file, password + "\n");
    }

    private static Optional<String> read(Path file) {
        return DataFiles.readString(file);
    }
}
