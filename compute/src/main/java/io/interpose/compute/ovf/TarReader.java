package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a POSIX ustar archive (the OVA format) entry by entry from a stream, without seeking: 512-byte
 * headers with a verified checksum and the {@code ustar} magic, octal (or base-256) sizes, the
 * {@code prefix/name} split, content padded to 512 bytes, and two zero blocks at the end. A stream that
 * ends inside a header or an entry, or before the end-of-archive block, is truncated.
 */
final class TarReader {
    static final int BLOCK = 512;

    private final InputStream in;
    private long offset;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** A header: the entry's path (prefix/name), size in bytes, type flag and, for links, target. */
    record Entry(String name, long size, char type, String linkName) {
        boolean isRegularFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        String describeType() {
            return switch (type) {
                case '1' -> "a hard link to '" + linkName + "'";
                case '2' -> "a symbolic link to '" + linkName + "'";
                case '5' -> "a directory";
                case 'x', 'g' -> "a pax extended header";
                case 'L', 'K' -> "a GNU long name";
                default -> "of type '" + type + "'";
            };
        }
    }

    /**
     * The next entry (skipping what was not read of the previous one), or empty at the end of the archive.
     *
     * @throws OvfException INVALID_FORMAT for a truncated archive or a bad header
     * @throws IOException if the stream fails
     */
    Optional<Entry> next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] header = readBlock("a header");
        if (isZero(header)) {
            return endOfArchive();
        }
        Entry entry = parse(header);
        remaining = entry.isRegularFile() ? entry.size() : 0;
        padding = (BLOCK - remaining % BLOCK) % BLOCK;
        return Optional.of(entry);
    }

    /** The content of the current entry; reading past its end returns -1, a stream ending early is truncated. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated("inside an entry");
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    private Optional<Entry> endOfArchive() throws IOException {
        byte[] second = in.readNBytes(BLOCK);
        if (second.length == BLOCK && !isZero(second)) {
            throw OvfException.invalid("the OVA has data after its end-of-archive block at offset " + offset);
        }
        return Optional.empty();
    }

    private Entry parse(byte[] header) {
        long start = offset - BLOCK;
        if (!"ustar".equals(string(header, 257, 5))) {
            throw OvfException.invalid("the OVA is not a ustar archive: no ustar magic in the header at offset " + start);
        }
        if (checksum(header) != octal(header, 148, 8, start)) {
            throw OvfException.invalid("the OVA header at offset " + start + " has a wrong checksum (corrupt archive)");
        }
        String name = string(header, 0, 100);
        String prefix = string(header, 345, 155);
        return new Entry(prefix.isEmpty() ? name : prefix + "/" + name, size(header, start), (char) header[156],
                string(header, 157, 100));
    }

    private static long size(byte[] header, long start) {
        if ((header[124] & 0x80) == 0) {
            return octal(header, 124, 12, start);
        }
        long size = 0;
        for (int i = 125; i < 136; i++) {
            if (size > (Long.MAX_VALUE >> 8)) {
                throw OvfException.invalid("the OVA entry at offset " + start + " declares an impossible size");
            }
            size = (size << 8) | (header[i] & 0xff);
        }
        return size;
    }

    private static long octal(byte[] header, int from, int length, long start) {
        String text = new String(header, from, length, UTF_8).replace('\0', ' ').strip();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '7') || text.length() > 20) {
            throw OvfException.invalid("the OVA header at offset " + start + " has a malformed number '" + text + "'");
        }
        return Long.parseLong(text, 8);
    }

    private static long checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        return sum;
    }

    private static String string(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, UTF_8);
    }

    private byte[] readBlock(String what) throws IOException {
        byte[] block = in.readNBytes(BLOCK);
        if (block.length < BLOCK) {
            throw truncated(block.length == 0 ? "before the end-of-archive block" : "inside " + what);
        }
        offset += BLOCK;
        return block;
    }

    /** Reads and drops {@code count} bytes (never {@code skip}, which may pass the end of a file unnoticed). */
    private void skipFully(long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw truncated("inside an entry");
            }
            left -= n;
            offset += n;
        }
    }

    private OvfException truncated(String where) {
        return OvfException.invalid("the OVA is truncated: it ends " + where + " (at offset " + offset + ")");
    }

    private static boolean isZero(byte[] block) {
        return Arrays.equals(block, new byte[BLOCK]);
    }
}
