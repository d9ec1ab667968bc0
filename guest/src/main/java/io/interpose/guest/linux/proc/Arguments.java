package io.interpose.guest.linux.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's arguments from {@code /proc/<pid>/cmdline}: NUL-separated, argv[0] first. Kept to at most
 * {@link #MAX_COUNT} arguments and the first {@link #MAX_BYTES} bytes of the file; when either cut applies,
 * {@code truncated} is set (the last argument kept may then be cut short).
 */
record Arguments(List<String> values, boolean truncated) {

    static final int MAX_COUNT = 64;
    static final int MAX_BYTES = 16 * 1024;

    Arguments {
        values = List.copyOf(values);
    }

    static Arguments none() {
        return new Arguments(List.of(), false);
    }

    /** Parses what was read of the file: at most {@code MAX_BYTES + 1} bytes, so that a longer file shows. */
    static Arguments parse(byte[] cmdline) {
        boolean cut = cmdline.length > MAX_BYTES;
        int length = Math.min(cmdline.length, MAX_BYTES);
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= length && values.size() <= MAX_COUNT; i++) {
            if (i == length || cmdline[i] == 0) {
                if (i > start || i < length) {
                    values.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        if (values.size() > MAX_COUNT) {
            return new Arguments(values.subList(0, MAX_COUNT), true);
        }
        return new Arguments(values, cut);
    }
}
