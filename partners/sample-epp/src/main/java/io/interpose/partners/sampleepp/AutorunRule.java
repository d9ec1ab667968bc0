package io.interpose.partners.sampleepp;

import io.interpose.protocol.gi.RegistryEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sample EPP's persistence rule for Windows guests: a value set under a {@code ...\CurrentVersion\Run}
 * or {@code ...\RunOnce} key (of HKLM, HKCU or any user's hive) whose data names a program in a directory the
 * user can write (Downloads, Temp, AppData) is an autorun attempt. String data is read as Windows stores it
 * (UTF-16LE, NUL-terminated); data of other types is never an autorun attempt.
 */
final class AutorunRule {
    static final String THREAT = "Autorun-Persistence";

    private static final int REG_SZ = 1;
    private static final int REG_EXPAND_SZ = 2;
    private static final Pattern RUN_KEY = Pattern.compile("(?i).*\\\\CurrentVersion\\\\Run(Once)?\\\\?");
    private static final List<String> USER_WRITABLE = List.of("\\downloads\\", "\\temp\\", "\\appdata\\", "%temp%",
            "%tmp%", "%appdata%", "%localappdata%");

    private AutorunRule() {
    }

    /** The program an autorun attempt would start, when {@code event} is one. */
    static Optional<String> attempt(RegistryEvent event) {
        if (!RUN_KEY.matcher(event.getKeyPath()).matches()) {
            return Optional.empty();
        }
        return text(event).filter(AutorunRule::userWritable);
    }

    private static Optional<String> text(RegistryEvent event) {
        if (event.getValueType() != REG_SZ && event.getValueType() != REG_EXPAND_SZ) {
            return Optional.empty();
        }
        String text = event.getValueData().toString(StandardCharsets.UTF_16LE);
        int end = text.indexOf('\0');
        return Optional.of((end < 0 ? text : text.substring(0, end)).strip());
    }

    private static boolean userWritable(String data) {
        String lower = data.toLowerCase(Locale.ROOT);
        return USER_WRITABLE.stream().anyMatch(lower::contains);
    }
}
