package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.lab.Ipv4.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {
    @Test
    void dottedQuadsAreNumbersAndBack() {
        assertThat(Ipv4.parse("10.10.0.100")).contains(0x0A0A0064L);
        assertThat(Ipv4.parse("255.255.255.255")).contains(0xFFFFFFFFL);
        assertThat(Ipv4.parse("0.0.0.0")).contains(0L);
        assertThat(Ipv4.format(0xC0A80101L)).isEqualTo("192.168.1.1");
        assertThat(Ipv4.format(0xFFFFFFFFL)).isEqualTo("255.255.255.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.10.0", "10.10.0.1.2", "10.10.0.256", "10.10.0.01", "10.10.-1.1", "a.b.c.d", "10.10.0.1 ",
            "10..0.1", "lab.local"})
    void anythingButAStrictDottedQuadIsRefused(String text) {
        assertThat(Ipv4.parse(text)).isEmpty();
    }

    @Test
    void aSubnetKnowsItsRangeAndReservedAddresses() {
        Subnet subnet = Subnet.parse("10.10.0.0/24").orElseThrow();

        assertThat(subnet.isNetworkAddress()).isTrue();
        assertThat(Ipv4.format(subnet.first())).isEqualTo("10.10.0.0");
        assertThat(Ipv4.format(subnet.last())).isEqualTo("10.10.0.255");
        assertThat(subnet.contains(Ipv4.parse("10.10.0.7").orElseThrow())).isTrue();
        assertThat(subnet.contains(Ipv4.parse("10.10.1.7").orElseThrow())).isFalse();
        assertThat(subnet.reserved(subnet.first())).isTrue();
        assertThat(subnet.reserved(subnet.last())).isTrue();
        assertThat(subnet.toString()).isEqualTo("10.10.0.0/24");
    }

    @Test
    void edgePrefixes() {
        assertThat(Subnet.parse("0.0.0.0/0").orElseThrow().last()).isEqualTo(0xFFFFFFFFL);
        Subnet host = Subnet.parse("10.0.0.5/32").orElseThrow();
        assertThat(host.first()).isEqualTo(host.last());
        assertThat(host.reserved(host.first())).as("a /32 has no network or broadcast address").isFalse();
        assertThat(Subnet.parse("10.10.0.5/24").orElseThrow().isNetworkAddress()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.10.0.0", "10.10.0.0/33", "10.10.0.0/", "10.10.0.0/024", "10.10.0/24", "10.10.0.0/x"})
    void malformedSubnetsAreRefused(String text) {
        assertThat(Subnet.parse(text)).isEmpty();
    }
}
