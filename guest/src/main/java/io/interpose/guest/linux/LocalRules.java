package io.interpose.guest.linux;

import java.nio.file.Path;

/**
 * Opens the guest refuses on its own, without asking anyone (a service's {@code deny_access} order).
 * Checked on the thread that holds the opens: memory only.
 */
public interface LocalRules {

    /** No rules: nothing is refused locally. */
    LocalRules NONE = new LocalRules() {
        @Override
        public boolean denied(Path path) {
            return false;
        }

        @Override
        public boolean active() {
            return false;
        }
    };

    boolean denied(Path path);

    /** True while some open may be refused: then every open is checked, whether or not a service asks. */
    boolean active();
}
