package io.interpose.manager.identity;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request to create a user: {@code {"username", "password", "roles": [...], "vendor_id"}}. Valid when
 * the username matches {@code [A-Za-z0-9._-]{1,64}}, the password has 12 to 1024 characters and differs
 * from the username, and the roles are valid ({@link RoleAssignment}). {@link #violations()} lists every
 * problem.
 */
public record NewUser(String username, String password, List<String> roles, String vendorId) implements Validated {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 1024;

    public NewUser {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        roles = roles == null ? List.of() : roles;
    }

    public RoleAssignment assignment() {
        return new RoleAssignment(roles, vendorId);
    }

    @Override
    public List<Violation> violations() {
        Violations found = new Violations();
        if (username.isEmpty()) {
            found.add("username", "is required");
        } else {
            found.check(USERNAME.matcher(username).matches(), "username",
                    "must be 1 to 64 of the characters A-Z a-z 0-9 . _ -");
        }
        checkPassword(found, username, password);
        return found.addAll(assignment().violations()).list();
    }

    /** Adds the password rules' violations (shared by creation and password changes). */
    static void checkPassword(Violations found, String username, String password) {
        found.check(password.length() >= MIN_PASSWORD_LENGTH, "password",
                        "must have at least " + MIN_PASSWORD_LENGTH + " characters")
                .maxLength(password, MAX_PASSWORD_LENGTH, "password")
                .check(!password.equals(username), "password", "must not be the username");
    }
}
