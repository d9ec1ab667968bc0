package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ovf-env.xml document: DMTF shape, escaping, round trip, refusals. */
class OvfEnvironmentTest {

    @Test
    void theDocumentHasTheDmtfShape() {
        OvfEnvironment environment = new OvfEnvironment("svm-1", Map.of(EnvironmentKeys.HOST_ID, "host-1"));

        assertThat(environment.toXml())
                .contains("<Environment xmlns=\"http://schemas.dmtf.org/ovf/environment/1\" xmlns:oe=\"http://schemas.dmtf.org/ovf/environment/1\" oe:id=\"svm-1\">")
                .contains("<PlatformSection>").contains("<Kind>Interpose</Kind>")
                .contains("<PropertySection>\n    <Property oe:key=\"interpose.host.id\" oe:value=\"host-1\"/>");
    }

    @Test
    void valuesWithMarkupQuotesAndLineBreaksSurviveARoundTrip(@TempDir Path dir) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EnvironmentKeys.SVM_TOKEN, "a\"b'c<d>&e");
        properties.put("motd", "line one\nline two\r\n\ttabbed  spaced ");
        properties.put(EnvironmentKeys.nic("mgmt", "ip"), "10.0.0.5");
        properties.put("unicode", "Zürich ✓ 𝄞");
        properties.put("empty", "");
        properties.put("cdata", "]]><!-- not a comment -->");
        OvfEnvironment environment = new OvfEnvironment("svm-<1>", properties);
        Path file = dir.resolve("ovf-env.xml");

        environment.write(file);
        OvfEnvironment read = OvfEnvironment.read(file);

        assertThat(read).isEqualTo(environment);
        assertThat(read.properties().keySet()).containsExactlyElementsOf(properties.keySet());
        assertThat(read.value("interpose.nic.mgmt.ip")).isEqualTo("10.0.0.5");
        assertThat(environment.toXml()).contains("oe:value=\"a&quot;b'c&lt;d&gt;&amp;e\"").contains("line one&#10;line two&#13;&#10;&#9;");
    }

    @Property(tries = 300)
    void anyXmlTextRoundTrips(@ForAll @StringLength(max = 40) @Chars({'&', '<', '>', '"', '\'', '\n', '\r', '\t', ' '})
                              @CharRange(from = 'a', to = 'z') @CharRange(from = '\u00e0', to = '\u0180') String value) {
        OvfEnvironment environment = new OvfEnvironment("id", Map.of("k", value));

        assertThat(OvfEnvironment.parse(environment.toXml().getBytes(UTF_8)).value("k")).isEqualTo(value);
    }

    @Test
    void charactersXmlCannotCarryAreRefused() {
        assertThatThrownBy(() -> new OvfEnvironment("id", Map.of("k", "bell\u0007")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the value of 'k'").hasMessageContaining("U+0007");
        assertThatThrownBy(() -> new OvfEnvironment("id", Map.of(" ", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> new OvfEnvironment("id", Map.of("k", "\ud800x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D800");
    }

    @Test
    void toStringNeverShowsValues() {
        assertThat(new OvfEnvironment("svm-1", Map.of(EnvironmentKeys.SVM_TOKEN, "secret-token")).toString())
                .contains(EnvironmentKeys.SVM_TOKEN).doesNotContain("secret-token");
    }

    @Test
    void aVendorEnvironmentIsReadAndEntitySectionsAreSkipped() {
        String xml = "<?xml version=\"1.0\"?><Environment xmlns=\"http://schemas.dmtf.org/ovf/environment/1\""
                + " xmlns:oe=\"http://schemas.dmtf.org/ovf/environment/1\" xmlns:ve=\"http://www.vmware.com/schema/ovfenv\""
                + " oe:id=\"\" ve:vCenterId=\"vm-1\"><PlatformSection><Kind>VMware ESXi</Kind></PlatformSection>"
                + "<PropertySection><Property oe:key=\"hostname\" oe:value=\"r1\"/></PropertySection>"
                + "<Entity oe:id=\"other\"><PropertySection><Property oe:key=\"x\" oe:value=\"y\"/></PropertySection></Entity>"
                + "<ve:EthernetAdapterSection/></Environment>";

        assertThat(OvfEnvironment.parse(xml.getBytes(UTF_8)).properties()).containsExactly(Map.entry("hostname", "r1"));
    }

    @Test
    void malformedEnvironmentsAreRefused() {
        String ns = "xmlns=\"http://schemas.dmtf.org/ovf/environment/1\" xmlns:oe=\"http://schemas.dmtf.org/ovf/environment/1\"";
        assertThatThrownBy(() -> OvfEnvironment.parse("<Envelope/>".getBytes(UTF_8))).hasMessageContaining("not an OVF environment");
        assertThatThrownBy(() -> OvfEnvironment.parse(("<Environment " + ns + "><PropertySection><Property oe:key=\"a\" oe:value=\"1\"/>"
                + "<Property oe:key=\"a\" oe:value=\"2\"/></PropertySection></Environment>").getBytes(UTF_8)))
                .hasMessageContaining("gives the property 'a' twice");
        assertThatThrownBy(() -> OvfEnvironment.parse(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Environment " + ns
                + "/>").getBytes(UTF_8))).isInstanceOf(OvfException.class).hasMessageContaining("DOCTYPE");
    }
}
