package io.interpose.guest.simulated;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry of a simulated Windows guest: keys (named as {@code HKLM\Software\...}, case-insensitive as
 * Windows compares them), each with named values. Value data is kept as Windows stores it: REG_SZ as
 * UTF-16LE with its terminating NUL, REG_DWORD as four little-endian bytes. Thread-safe.
 */
final class GuestRegistry {

    static final int REG_SZ = 1;
    static final int REG_EXPAND_SZ = 2;
    static final int REG_DWORD = 4;
    static final String HKLM_RUN = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    static final String HKCU_RUN = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";

    /** A registry value: its REG_* type and its data. */
    record Value(int type, ByteString data) {
        Value {
            Objects.requireNonNull(data, "data");
        }

        static Value string(String text) {
            return new Value(REG_SZ, utf16(text));
        }

        static Value dword(int number) {
            return new Value(REG_DWORD, ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(number).array()));
        }
    }

    private final NavigableMap<String, NavigableMap<String, Value>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** A few keys of a fresh Windows Server: the Run keys (one autorun: Windows Security), and Contoso's ERP. */
    static GuestRegistry windows() {
        GuestRegistry registry = new GuestRegistry();
        registry.setValue(HKLM_RUN, "SecurityHealth",
                new Value(REG_EXPAND_SZ, utf16("%windir%\\system32\\SecurityHealthSystray.exe")));
        registry.createKey(HKCU_RUN);
        registry.setValue("HKLM\\Software\\Contoso\\ERP", "InstallDir", Value.string("C:\\Program Files\\Contoso\\ERP"));
        registry.setValue("HKCU\\Software\\Contoso\\ERP\\Settings", "Language", Value.string("en-US"));
        registry.setValue("HKLM\\System\\CurrentControlSet\\Services\\TermService", "Start", Value.dword(3));
        return registry;
    }

    static ByteString utf16(String text) {
        return ByteString.copyFrom(text + "\0", StandardCharsets.UTF_16LE);
    }

    /** Creates the key (and nothing else); false when it existed. */
    synchronized boolean createKey(String key) {
        if (keys.containsKey(key)) {
            return false;
        }
        keys.put(key, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        return true;
    }

    /** Sets a value, creating its key if needed. */
    synchronized void setValue(String key, String name, Value value) {
        keys.computeIfAbsent(key, k -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER)).put(name, value);
    }

    /** Deletes a key with its values (not its subkeys, as RegDeleteKey refuses a key that has them). */
    synchronized boolean deleteKey(String key) {
        String below = key + "\\";
        boolean hasSubkeys = keys.tailMap(below, true).keySet().stream().findFirst()
                .filter(k -> k.regionMatches(true, 0, below, 0, below.length())).isPresent();
        return !hasSubkeys && keys.remove(key) != null;
    }

    synchronized boolean deleteValue(String key, String name) {
        Map<String, Value> values = keys.get(key);
        return values != null && values.remove(name) != null;
    }

    synchronized Optional<Value> value(String key, String name) {
        return Optional.ofNullable(keys.get(key)).map(values -> values.get(name));
    }

    /** The names of the key's values, empty when the key does not exist. */
    synchronized List<String> valueNames(String key) {
        return Optional.ofNullable(keys.get(key)).map(values -> List.copyOf(values.keySet())).orElse(List.of());
    }

    synchronized List<String> keys() {
        return List.copyOf(keys.keySet());
    }
}
