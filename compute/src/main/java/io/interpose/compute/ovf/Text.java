package io.interpose.compute.ovf;

/** Null-safe text normalisation for the OVF records: absent becomes empty, surrounding space is dropped. */
final class Text {
    private Text() {
    }

    static String of(String text) {
        return text == null ? "" : text.strip();
    }
}
