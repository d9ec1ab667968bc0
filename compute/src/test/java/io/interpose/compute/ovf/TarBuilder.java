package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Writes ustar archives for tests, including broken ones (links, lying sizes, bad checksums, no end). */
final class TarBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarBuilder file(String name, String content) {
        return file(name, content.getBytes(UTF_8));
    }

    TarBuilder file(String name, byte[] content) {
        return entry(name, '0', "", content, content.length);
    }

    /** An entry with any type flag and a declared size that may differ from the content written. */
    TarBuilder entry(String name, char type, String linkName, byte[] content, long declaredSize) {
        out.writeBytes(header(name, type, linkName, declaredSize));
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    TarBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        return withEnd(out.toByteArray());
    }

    byte[] buildWithoutEnd() {
        return out.toByteArray();
    }

    static byte[] withEnd(byte[] body) {
        return Arrays.copyOf(body, body.length + 1024);
    }

    static byte[] header(String name, char type, String linkName, long size) {
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(UTF_8);
        if (nameBytes.length > 100) {
            int slash = name.lastIndexOf('/');
            put(header, 345, name.substring(0, slash));
            put(header, 0, name.substring(slash + 1));
        } else {
            put(header, 0, name);
        }
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 157, linkName);
        put(header, 257, "ustar");
        put(header, 263, "00");
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
