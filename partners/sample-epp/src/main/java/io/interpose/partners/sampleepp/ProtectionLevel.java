package io.interpose.partners.sampleepp;

import io.interpose.sdk.ProtectedVm;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a VM's protection profile asks of the sample EPP: the vendor template key {@code COMPREHENSIVE}
 * (the highest level the lab registers, above {@code BASIC}) also quarantines infected files; the
 * attribute {@value #DENY_PATTERN} holds comma-separated globs ({@code /tmp/*.exe,/home/&#42;&#42;/evil})
 * of paths never to open or run.
 */
record ProtectionLevel(boolean quarantines, String denyPattern, List<PathMatcher> matchers) {
    static final String DENY_PATTERN = "deny_pattern";
    static final String HIGHEST = "COMPREHENSIVE";

    private static final Map<String, ProtectionLevel> KNOWN = new ConcurrentHashMap<>();

    /** The level of {@code vm} (none: allow everything, no quarantine); parsed once per distinct profile. */
    static ProtectionLevel of(Optional<ProtectedVm> vm) {
        String key = vm.map(v -> v.vendorTemplateKey().toUpperCase(Locale.ROOT)).orElse("");
        String pattern = vm.flatMap(v -> v.attribute(DENY_PATTERN)).orElse("").strip();
        return KNOWN.computeIfAbsent(key + "\n" + pattern, k -> parse(key, pattern));
    }

    private static ProtectionLevel parse(String key, String pattern) {
        List<PathMatcher> matchers = Arrays.stream(pattern.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        return new ProtectionLevel(key.equals(HIGHEST), pattern, matchers);
    }

    boolean denies(String path) {
        try {
            Path guestPath = Path.of(path);
            return matchers.stream().anyMatch(m -> m.matches(guestPath));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
