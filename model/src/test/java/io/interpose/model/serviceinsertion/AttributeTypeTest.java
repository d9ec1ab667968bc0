package io.interpose.model.serviceinsertion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AttributeTypeTest {

    @Property
    void everyDottedQuadIsAnIpAddress(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b,
                                      @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d) {
        assertThat(AttributeType.IP_ADDRESS.accepts(a + "." + b + "." + c + "." + d)).isTrue();
    }

    @Property
    void everyIpv6AddressIsAnIpAddress(@ForAll @Size(16) byte[] address) throws UnknownHostException {
        String text = InetAddress.getByAddress(address).getHostAddress();

        assertThat(AttributeType.IP_ADDRESS.accepts(text)).as(text).isTrue();
        assertThat(AttributeType.IP_ADDRESS.accepts(text.toUpperCase())).as(text).isTrue();
    }

    @Example
    void compressedAndMappedIpv6FormsAreIpAddresses() {
        for (String text : new String[] {"::", "::1", "fe80::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1"}) {
            assertThat(AttributeType.IP_ADDRESS.accepts(text)).as(text).isTrue();
        }
    }

    @Example
    void hostNamesAndMalformedAddressesAreNotIpAddresses() {
        for (String text : new String[] {"localhost", "partner.example", "10.0.0", "10.0.0.256", "010.0.0.1",
                "1.2.3.4.5", "1::2::3", "2001:db8::g", ".::1", "fe80::1%eth0", "[::1]", " 10.0.0.1", ""}) {
            assertThat(AttributeType.IP_ADDRESS.accepts(text)).as(text).isFalse();
        }
    }

    @Property
    void portsRunFromOneTo65535(@ForAll @IntRange(min = 1, max = 65535) int port) {
        assertThat(AttributeType.PORT.accepts(Integer.toString(port))).isTrue();
    }

    @Property
    void numbersOutsideThePortRangeAreNotPorts(@ForAll int number) {
        boolean inRange = number >= 1 && number <= 65535;

        assertThat(AttributeType.PORT.accepts(Integer.toString(number))).isEqualTo(inRange);
    }

    @Example
    void portsAreWrittenAsPlainDigits() {
        for (String text : new String[] {"+80", " 80", "80.0", "0x50", "", "65536", "00000443"}) {
            assertThat(AttributeType.PORT.accepts(text)).as(text).isFalse();
        }
    }

    @Property
    void everyLongIsALong(@ForAll long number) {
        assertThat(AttributeType.LONG.accepts(Long.toString(number))).isTrue();
    }

    @Example
    void fractionsAndOverflowAreNotLongs() {
        assertThat(AttributeType.LONG.accepts("12.5")).isFalse();
        assertThat(AttributeType.LONG.accepts("9223372036854775808")).isFalse();
        assertThat(AttributeType.LONG.accepts("ten")).isFalse();
    }

    @Example
    void booleansAreTrueOrFalse() {
        assertThat(AttributeType.BOOLEAN.accepts("true")).isTrue();
        assertThat(AttributeType.BOOLEAN.accepts("false")).isTrue();
        assertThat(AttributeType.BOOLEAN.accepts("yes")).isFalse();
        assertThat(AttributeType.BOOLEAN.accepts("TRUE")).isFalse();
    }

    @Property
    void stringsAndPasswordsAcceptAnything(@ForAll String text) {
        assertThat(AttributeType.STRING.accepts(text)).isTrue();
        assertThat(AttributeType.PASSWORD.accepts(text)).isTrue();
    }
}
