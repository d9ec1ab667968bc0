package io.interpose.compute.ovf;

import static io.interpose.compute.ovf.Corpus.count;
import static io.interpose.compute.ovf.Corpus.nicItems;
import static io.interpose.compute.ovf.Corpus.optionIds;
import static io.interpose.compute.ovf.Corpus.parse;
import static io.interpose.compute.ovf.Corpus.properties;
import static io.interpose.compute.ovf.Corpus.propertyTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** One test per descriptor of the corpus, asserting the counts SOURCES.md gives for it. */
class OvfCorpusTest {

    @Test
    void ciscoCsr1000vHasFourOptionsWithPerOptionCpuAndMemoryAndTwentySevenProperties() {
        OvfDescriptor ovf = parse("cisco-csr1000v.ovf");

        assertThat(ovf.ovfMajorVersion()).isEqualTo(1);
        assertThat(optionIds(ovf)).containsExactly("1CPU-4GB", "2CPU-4GB", "4CPU-4GB", "4CPU-8GB");
        assertThat(ovf.defaultDeploymentOption()).map(DeploymentOption::id).hasValue("1CPU-4GB");
        assertThat(ovf.networks()).hasSize(3);
        assertThat(nicItems(ovf)).isEqualTo(3);
        List<OvfProperty> properties = properties(ovf);
        assertThat(properties).hasSize(27);
        assertThat(propertyTypes(ovf)).isEqualTo(Map.of("string", 25L, "boolean", 2L));
        assertThat(count(properties, OvfProperty::userConfigurable)).isEqualTo(26);
        assertThat(count(properties, OvfProperty::password)).isEqualTo(4);
        assertThat(properties).anySatisfy(p -> assertThat(p.qualifiers()).startsWith("MaxLen("));
        // SOURCES.md says 3 Categories; the file has 4 (1. Bootstrap ... 4. Intercloud), after 1 uncategorised property.
        assertThat(properties.stream().map(OvfProperty::category).distinct())
                .containsExactly("", "1. Bootstrap Properties", "2. Features", "3. Additional Configuration Properties",
                        "4. Intercloud Configuration Properties");
        ProductSection product = ovf.productSections().get(0);
        assertThat(product.productClass()).isEqualTo("com.cisco.csr1000v");
        assertThat(product.instance()).isEqualTo("1");
        assertThat(ovf.files()).extracting(FileReference::href).containsExactly("input.vmdk", "input.iso");
        assertThat(ovf.files().get(0).size()).isEqualTo(OptionalLong.of(152576));
    }

    @Test
    void ciscoCsr1000vResolvesHardwarePerOptionIncludingAMultiOptionList() {
        OvfDescriptor ovf = parse("cisco-csr1000v.ovf");

        assertHardware(ovf.hardware(""), 1, 4096, 3);
        assertHardware(ovf.hardware("2CPU-4GB"), 2, 4096, 3);
        assertHardware(ovf.hardware("4CPU-4GB"), 4, 4096, 3);
        assertHardware(ovf.hardware("4CPU-8GB"), 4, 8192, 3);
        assertThat(ovf.hardware("").nics()).extracting(VirtualHardware.Nic::network)
                .containsExactly("GigabitEthernet1", "GigabitEthernet2", "GigabitEthernet3");
        assertThatThrownBy(() -> ovf.hardware("8CPU")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'8CPU' is not a deployment option");
    }

    @Test
    void ciscoIosvHasANicCountThatDependsOnTheOption() {
        OvfDescriptor ovf = parse("cisco-iosv.ovf");

        assertThat(optionIds(ovf)).hasSize(4);
        assertThat(ovf.networks()).hasSize(16);
        assertThat(nicItems(ovf)).isEqualTo(16);
        assertThat(properties(ovf)).isEmpty();
        assertThat(ovf.productSections()).hasSize(1);
        assertThat(ovf.deploymentOptions()).extracting(option -> ovf.hardware(option.id()).nics().size())
                .containsExactly(2, 8, 10, 16);
    }

    @Test
    void nsxUnifiedApplianceHasFourOptionsWithMediumAsDefaultAndThreeProductSections() {
        OvfDescriptor ovf = parse("vmware-nsx-unified-appliance-9.1.ovf");

        assertThat(optionIds(ovf)).containsExactly("small", "medium", "large", "xlarge");
        assertThat(ovf.defaultDeploymentOption()).map(DeploymentOption::id).hasValue("medium");
        assertThat(ovf.deploymentOptions().get(0).description()).contains("\n");
        assertThat(ovf.ovfVersion()).isEmpty();
        assertThat(ovf.networks()).hasSize(1);
        assertThat(nicItems(ovf)).isEqualTo(1);
        assertThat(propertyTypes(ovf)).isEqualTo(Map.of("string", 24L, "boolean", 3L));
        assertThat(count(properties(ovf), OvfProperty::password)).isEqualTo(6);
        assertThat(properties(ovf)).anySatisfy(p -> assertThat(p.qualifiers()).startsWith("ValueMap{"));
        assertThat(ovf.productSections()).hasSize(3)
                .filteredOn(section -> section.properties().isEmpty()).hasSize(2);
        assertHardware(ovf.hardware("small"), 4, 16384, 1);
        assertHardware(ovf.hardware("xlarge"), 24, 98304, 1);
    }

    @Test
    void vcsaReadsTheUnqualifiedConfigurationAttributeAndPerOptionPropertyValues() {
        OvfDescriptor ovf = parse("vmware-vcsa-6.5.ovf");

        assertThat(optionIds(ovf)).hasSize(11).startsWith("tiny").contains("management-xlarge", "infrastructure");
        assertThat(ovf.networks()).hasSize(1);
        assertThat(nicItems(ovf)).isEqualTo(1);
        assertThat(properties(ovf)).hasSize(61);
        assertThat(propertyTypes(ovf)).isEqualTo(Map.of("string", 51L, "boolean", 9L, "uint8", 1L));
        assertThat(count(properties(ovf), OvfProperty::password)).isEqualTo(3);
        assertThat(ovf.productSections()).hasSize(3);
        assertThat(ovf.virtualSystems().get(0).hardwareItems()).hasSize(150)
                .filteredOn(HardwareItem::configurationSpecific).hasSize(143);
        assertThat(ovf.hardware("tiny").cpuCount()).hasValue(2);
        assertThat(ovf.hardware("xlarge").cpuCount()).hasValue(24);
        assertThat(ovf.hardware("xlarge").memoryMiB()).hasValue(49152);
        OvfProperty nodeType = properties(ovf).stream()
                .filter(p -> p.key().equals("guestinfo.cis.deployment.node.type")).findFirst().orElseThrow();
        assertThat(nodeType.value("tiny")).isEqualTo("embedded");
        assertThat(nodeType.value("management-large")).isEqualTo("management");
        assertThat(nodeType.value("infrastructure")).isEqualTo("infrastructure");
        assertThat(ovf.files()).extracting(FileReference::id).contains("layout.json_id");
    }

    @Test
    void openSecurityControllerIgnoresCommentedOutPropertiesAndAFileWithoutSize() {
        OvfDescriptor ovf = parse("osc-open-security-controller.ovf");

        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).hasSize(1);
        assertThat(nicItems(ovf)).isEqualTo(1);
        assertThat(properties(ovf)).hasSize(4).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo("string");
            assertThat(p.userConfigurable()).isTrue();
        });
        assertThat(ovf.productSections().get(0).version()).isEqualTo("$OSC_VERSION");
        assertThat(ovf.files()).anySatisfy(file -> assertThat(file.size()).isEmpty());
    }

    @Test
    void pfsenseTemplateIsRefusedForThePlaceholderInANumericAttribute() {
        assertThatThrownBy(() -> parse("pfsense-template.ovf"))
                .isInstanceOfSatisfying(OvfException.class,
                        e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.INVALID_FORMAT))
                .hasMessageContaining("ovf:size")
                .hasMessageContaining("%%VMDK_FILE_SIZE%%")
                .hasMessageContaining("must be a non-negative integer");
    }

    @Test
    void untangleHasNoProductSectionAndParsesDespiteCrlfLineEndings() {
        OvfDescriptor ovf = parse("untangle-ngfw.ovf");

        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).extracting(OvfNetwork::name).hasSize(2);
        assertThat(nicItems(ovf)).isEqualTo(2);
        assertThat(ovf.productSections()).isEmpty();
        assertThat(ovf.files()).singleElement().satisfies(file -> assertThat(file.size()).isEmpty());
        assertThat(ovf.hardware("").nics()).extracting(VirtualHardware.Nic::network).hasSize(2);
    }

    @Test
    void virtualBoxOvf2ReadsEthernetPortItemsAndSkipsTheVendorSection() {
        OvfDescriptor ovf = parse("virtualbox-ubuntu-ovf2.ovf");

        assertThat(ovf.ovfMajorVersion()).isEqualTo(2);
        assertThat(ovf.ovfVersion()).isEqualTo("2.0");
        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).extracting(OvfNetwork::name).containsExactly("NAT");
        assertThat(nicItems(ovf)).isEqualTo(1);
        assertThat(ovf.productSections()).isEmpty();
        VirtualHardware hardware = ovf.hardware("");
        assertHardware(hardware, 1, 512, 1);
        assertThat(hardware.nics().get(0).network()).isEqualTo("NAT");
        assertThat(hardware.nics().get(0).resourceSubType()).isEqualTo("E1000");
    }

    @Test
    void nestedEsxiVappIsACollectionOfThreeThatIsNotAServiceVmPackage() {
        OvfDescriptor ovf = parse("williamlam-nested-esxi-vsan-vapp.ovf");

        assertThat(ovf.collection()).isTrue();
        assertThat(ovf.virtualSystems()).extracting(VirtualSystem::id)
                .containsExactly("VSAN-Nested-ESXi-2", "VSAN-Nested-ESXi-3", "VSAN-Nested-ESXi-1");
        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).hasSize(1);
        assertThat(nicItems(ovf)).isEqualTo(3);
        assertThat(properties(ovf)).hasSize(9).allSatisfy(p -> assertThat(p.type()).isEqualTo("int"));
        assertThat(ovf.files()).isEmpty();
        assertThatThrownBy(ovf::requireSingleVirtualSystem).isInstanceOf(OvfException.class)
                .hasMessageContaining("VirtualSystemCollection of 3 virtual systems")
                .hasMessageContaining("exactly one VirtualSystem");
    }

    @Test
    void studioVappIsACollectionOfTwoWithSevenProductSections() {
        OvfDescriptor ovf = parse("vmware-studio-vapp-eula.ovf");

        assertThat(ovf.collection()).isTrue();
        assertThat(ovf.virtualSystems()).hasSize(2);
        assertThat(ovf.collectionProductSections()).hasSize(3);
        assertThat(ovf.productSections()).hasSize(7);
        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).hasSize(2);
        assertThat(nicItems(ovf)).isEqualTo(2);
        assertThat(properties(ovf)).hasSize(13).allSatisfy(p -> assertThat(p.type()).isEqualTo("string"));
        assertThat(count(properties(ovf), OvfProperty::userConfigurable)).isEqualTo(9);
        assertThatThrownBy(() -> ovf.hardware("")).isInstanceOf(OvfException.class)
                .hasMessageContaining("VirtualSystemCollection of 2");
    }

    @Test
    void photon5ParsesDespiteBlankLinesAndHasAnEmptyProductSection() {
        OvfDescriptor ovf = parse("vmware-photon5.ovf");

        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).extracting(OvfNetwork::name).containsExactly("None");
        assertThat(nicItems(ovf)).isEqualTo(1);
        assertThat(ovf.productSections()).singleElement().satisfies(s -> assertThat(s.properties()).isEmpty());
    }

    @Test
    void cotMinimalIsTheBareMinimum() {
        OvfDescriptor ovf = parse("cot-minimal.ovf");

        assertThat(ovf.files()).isEmpty();
        assertThat(ovf.deploymentOptions()).isEmpty();
        assertThat(ovf.networks()).isEmpty();
        assertThat(ovf.productSections()).isEmpty();
        assertThat(ovf.requireSingleVirtualSystem().id()).isEqualTo("x");
        VirtualHardware hardware = ovf.hardware("");
        assertThat(hardware.cpuCount()).isEmpty();
        assertThat(hardware.memoryMiB()).isEmpty();
        assertThat(hardware.nics()).isEmpty();
    }

    private static void assertHardware(VirtualHardware hardware, int cpus, long memoryMiB, int nics) {
        assertThat(hardware.cpuCount()).hasValue(cpus);
        assertThat(hardware.memoryMiB()).hasValue(memoryMiB);
        assertThat(hardware.nics()).hasSize(nics);
    }
}
