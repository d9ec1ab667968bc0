package io.interpose.lab.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A benchmark's {@code key=number} arguments over its defaults. */
final class BenchSettings {

    private BenchSettings() {
    }

    /**
     * {@code defaults} with the values {@code args} give.
     *
     * @throws IllegalArgumentException for an argument that is not {@code key=number} with a known key
     */
    static Map<String, Integer> parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !values.containsKey(pair[0])) {
                throw new IllegalArgumentException("expected key=number with key one of " + values.keySet() + ", not " + arg);
            }
            try {
                values.put(pair[0], Integer.parseInt(pair[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + arg, e);
            }
        }
        return values;
    }
}
