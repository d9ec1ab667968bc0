package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or malformed descriptors are refused with a message naming the problem; vendor extensions are skipped. */
class OvfDescriptorHardeningTest {
    private static final String ENVELOPE_START = "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\""
            + " xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:vmw=\"http://www.vmware.com/schema/ovf\""
            + " xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\">";

    @Test
    void anExternalEntityIsRefusedAndTheFileIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + ENVELOPE_START + "<VirtualSystem ovf:id=\"&xxe;\"/></Envelope>";

        refusal(xml).hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void entityExpansionIsRefused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                + ENVELOPE_START + "<VirtualSystem ovf:id=\"&lol2;\"/></Envelope>";

        refusal(xml).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anExternalDtdIsRefused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Envelope SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"/></Envelope>";

        refusal(xml).hasMessageContaining("DOCTYPE");
    }

    @Test
    void xincludeIsNotProcessed() {
        String xml = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                + " href=\"file:///etc/passwd\" parse=\"text\"/></VirtualSystem></Envelope>";

        OvfDescriptor ovf = OvfDescriptor.parse(xml.getBytes(UTF_8));

        assertThat(ovf.requireSingleVirtualSystem().name()).isEmpty();
    }

    @Test
    void malformedXmlIsRefusedWithItsLine() {
        refusal(ENVELOPE_START + "\n<VirtualSystem ovf:id=\"x\">\n</Envelope>").hasMessageContaining("line 3");
    }

    @Test
    void aDocumentThatIsNotAnOvfEnvelopeIsRefused() {
        refusal("<Envelope xmlns=\"urn:other\"/>").hasMessageContaining("not an OVF descriptor")
                .hasMessageContaining("urn:other");
    }

    @Test
    void anEnvelopeWithoutContentIsRefused() {
        refusal(ENVELOPE_START + "<References/></Envelope>").hasMessageContaining("exactly one VirtualSystem");
    }

    @Test
    void anUnknownVendorSectionIsSkippedUnlessItIsRequired() {
        String optional = ENVELOPE_START + "<vmw:FancySection ovf:required=\"false\"><Info/></vmw:FancySection>"
                + "<VirtualSystem ovf:id=\"x\"><vmw:Other><Deep/></vmw:Other></VirtualSystem></Envelope>";
        String required = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\">"
                + "<vmw:FancySection ovf:required=\"true\"><Info/></vmw:FancySection></VirtualSystem></Envelope>";

        assertThat(OvfDescriptor.parse(optional.getBytes(UTF_8)).virtualSystems()).hasSize(1);
        refusal(required).hasMessageContaining("requires the unsupported section vmw:FancySection");
    }

    @Test
    void memoryInUnitsThatAreNotBytesIsRefused() {
        String xml = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"><VirtualHardwareSection><Info/>"
                + "<Item><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:InstanceID>1</rasd:InstanceID>"
                + "<rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>"
                + "</VirtualHardwareSection></VirtualSystem></Envelope>";
        OvfDescriptor ovf = OvfDescriptor.parse(xml.getBytes(UTF_8));

        assertThatThrownBy(() -> ovf.hardware("")).isInstanceOf(OvfException.class)
                .hasMessageContaining("'hertz * 10^6' is not a size in bytes");
    }

    @Test
    void memoryUnitsAreConvertedToMibRoundingUp() {
        assertThat(AllocationUnits.toMiB(2, "byte * 2^30")).isEqualTo(2048);
        assertThat(AllocationUnits.toMiB(512, "MegaBytes")).isEqualTo(512);
        assertThat(AllocationUnits.toMiB(1000, "byte * 10^6")).isEqualTo(954);
        assertThat(AllocationUnits.toMiB(1, "byte")).isEqualTo(1);
        assertThat(AllocationUnits.toMiB(3, "GB")).isEqualTo(3072);
        assertThat(AllocationUnits.toMiB(256, "")).isEqualTo(256);
    }

    @Test
    void aQuantityThatIsNotANumberIsRefusedNamingTheItem() {
        String xml = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"><VirtualHardwareSection><Info/>"
                + "<Item><rasd:InstanceID>7</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>"
                + "<rasd:VirtualQuantity>${cpus}</rasd:VirtualQuantity></Item></VirtualHardwareSection></VirtualSystem></Envelope>";

        refusal(xml).hasMessageContaining("InstanceID '7' VirtualQuantity must be a non-negative integer, but is '${cpus}'");
    }

    @Test
    void aPropertyWithoutKeyOrTypeIsRefused() {
        String noType = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"><ProductSection ovf:class=\"c\">"
                + "<Property ovf:key=\"k\"/></ProductSection></VirtualSystem></Envelope>";

        refusal(noType).hasMessageContaining("ProductSection 'c' Property 'k' without ovf:type");
    }

    @Test
    void itemsBoundingARangeAreNotTheDeployedValue() {
        String xml = ENVELOPE_START + "<VirtualSystem ovf:id=\"x\"><VirtualHardwareSection><Info/>"
                + "<Item ovf:bound=\"max\"><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>"
                + "<rasd:VirtualQuantity>64</rasd:VirtualQuantity></Item>"
                + "<Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>"
                + "<rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item></VirtualHardwareSection></VirtualSystem></Envelope>";

        assertThat(OvfDescriptor.parse(xml.getBytes(UTF_8)).hardware("").cpuCount()).hasValue(2);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refusal(String xml) {
        return assertThatThrownBy(() -> OvfDescriptor.parse(xml.getBytes(UTF_8)))
                .isInstanceOfSatisfying(OvfException.class,
                        e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.INVALID_FORMAT));
    }
}
