package io.interpose.guest.linux;

import java.nio.file.Path;
import java.util.List;

/**
 * Directories the administrator left out of interception (busy database or log directories, say): opens
 * there are allowed without asking and nothing there is reported. A service's {@code deny_access} order
 * and the quarantine still hold in them. Memory only.
 */
record Exclusions(List<Path> directories) {

    static final Exclusions NONE = new Exclusions(List.of());

    Exclusions {
        directories = directories.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    }

    boolean covers(Path path) {
        for (Path directory : directories) {
            if (path.startsWith(directory)) {
                return true;
            }
        }
        return false;
    }
}
