package io.interpose.guest.linux.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** systemd's {@code cescape()} undone. */
class SessionFileTest {

    @Test
    void simpleEscapesAreUndone() {
        assertThat(SessionFile.unescape("a\\tb\\nc\\\\d\\\"e\\'f")).isEqualTo("a\tb\nc\\d\"e'f");
    }

    @Test
    void hexEscapedBytesAreDecodedAsUtf8() {
        assertThat(SessionFile.unescape("caf\\xc3\\xa9.example")).isEqualTo("café.example");
    }

    @Test
    void octalEscapesAreUndone() {
        assertThat(SessionFile.unescape("a\\101b")).isEqualTo("aAb");
    }

    @Test
    void anUnknownOrCutEscapeStaysAsWritten() {
        assertThat(SessionFile.unescape("a\\qb\\x4")).isEqualTo("a\\qb\\x4");
        assertThat(SessionFile.unescape("end\\")).isEqualTo("end\\");
    }

    @Test
    void textWithoutEscapesIsKept() {
        assertThat(SessionFile.unescape("192.0.2.10")).isEqualTo("192.0.2.10");
        assertThat(SessionFile.unescape("höst")).isEqualTo("höst");
    }
}
