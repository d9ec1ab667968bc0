package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each service VM receives in its OVF environment, NIC addresses, and configuration changes. */
class AgentEnvironmentTest {
    @TempDir
    Path dir;

    private AgentLab lab;

    @BeforeEach
    void openLab() {
        lab = new AgentLab(dir).twoClusters().open();
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private Map<String, String> environment(String svmId) {
        return lab.runtime.launch(svmId).orElseThrow().environment();
    }

    @Test
    void eachServiceVmGetsTheAgencyPropertiesItsOwnPropertiesItsIdentityAndItsNics() {
        var config = AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE)
                .withProperties(Map.of("vendor_template_key", "gold", "interpose.svm.id", "spoofed"))
                .withHostProperties(HostProperties.of(host -> Map.of("token", "secret-" + host.id())))
                .withNics(List.of(NicConfig.pool("mgmt", "mgmt", "mgmt-pool"), NicConfig.dhcp("data", "mgmt"),
                        NicConfig.fixed("ha", "mgmt", Map.of("h1", "10.0.0.51", "h2", "10.0.0.52"))));
        lab.deploy("epp", config);

        Map<String, String> env = environment("epp@h2");
        assertThat(env).containsEntry("vendor_template_key", "gold").containsEntry("token", "secret-h2")
                .containsEntry("interpose.agency.id", "epp").containsEntry("interpose.agency.name", "EPP")
                .containsEntry("interpose.agent.name", "EPP-h2").containsEntry("interpose.svm.id", "epp@h2")
                .containsEntry("interpose.host.id", "h2").containsEntry("interpose.host.name", "esx-h2")
                .containsEntry("interpose.cluster.id", "c1")
                .containsEntry("interpose.nic.mgmt.network_id", "mgmt").containsEntry("interpose.nic.mgmt.assignment", "POOL")
                .containsEntry("interpose.nic.mgmt.ip_pool_id", "mgmt-pool").containsEntry("interpose.nic.mgmt.address", "10.0.0.11")
                .containsEntry("interpose.nic.mgmt.prefix_length", "24").containsEntry("interpose.nic.mgmt.gateway", "10.0.0.1")
                .containsEntry("interpose.nic.data.assignment", "DHCP").doesNotContainKey("interpose.nic.data.address")
                .containsEntry("interpose.nic.ha.assignment", "STATIC").containsEntry("interpose.nic.ha.address", "10.0.0.52")
                .containsEntry("interpose.nic.ha.prefix_length", "24");
        assertThat(environment("epp@h1")).containsEntry("interpose.nic.mgmt.address", "10.0.0.10");
        assertThat(lab.runtime.launch("epp@h1").orElseThrow().svmPackage().command()).containsExactly("svm", "--serve");
    }

    @Test
    void poolAddressesNeverCollideAndAreReleasedWhenTheAgentGoes() {
        lab.compute.host("h4", "c1").host("h5", "c1");
        lab.deploy("epp", AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE).withNics(List.of(NicConfig.pool("mgmt", "mgmt", "mgmt-pool"))));

        assertThat(lab.running()).hasSize(3);
        assertThat(lab.networks.allocations().values()).doesNotHaveDuplicates().hasSize(3);
        String starved = lab.manager.agents("epp").stream().filter(a -> !a.issues().isEmpty()).findFirst().orElseThrow().hostId();
        assertThat(lab.issueTypes("epp", starved)).containsExactly(IssueType.VM_NOT_DEPLOYED);
        assertThat(lab.agent("epp", starved).issues().get(0).description()).contains("no address from pool mgmt-pool");

        String leaving = "h1".equals(starved) ? "h2" : "h1";
        lab.compute.remove(leaving);
        lab.advance(AgentLab.BACKOFF.max());

        assertThat(lab.running()).hasSize(3).contains("epp@" + starved);
        assertThat(lab.networks.allocations()).doesNotContainKey("epp/" + leaving + "/mgmt").hasSize(3);
    }

    @Test
    void aMissingStaticAddressOrNetworkIsAnIssueOnThatHostOnly() {
        lab.deploy("epp", AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE)
                .withNics(List.of(NicConfig.fixed("ha", "mgmt", Map.of("h1", "10.0.0.51")))));
        lab.deploy("ids", AgencyConfig.of("IDS", "c2", AgentLab.PACKAGE).withNics(List.of(NicConfig.dhcp("data", "nowhere"))));

        assertThat(lab.running()).containsExactly("epp@h1");
        assertThat(lab.agent("epp", "h2").issues().get(0).description()).contains("no static address for host h2");
        assertThat(lab.agent("ids", "h3").issues().get(0).description()).contains("network nowhere does not exist");
    }

    @Test
    void aNewPackageReplacesServiceVmsOneHostAtATime() {
        lab.compute.host("h4", "c1");
        lab.deploy("epp", "c1");
        lab.runtime.holdReadiness(true);

        lab.manager.updateAgency("epp", AgencyConfig.of("EPP epp", "c1", AgentLab.PACKAGE_V2));
        for (String host : List.of("h1", "h2", "h4")) {
            lab.settle();
            assertThat(packagesRunning()).as("while %s is replaced", host).containsExactlyInAnyOrderElementsOf(
                    List.of("h1", "h2", "h4").stream().map(h -> h.compareTo(host) <= 0 ? "epp-2.0" : "epp-1.0").toList());
            assertThat(lab.phase("epp", host)).isEqualTo(AgentPhase.STARTING);
            lab.runtime.markReady("epp@" + host);
        }
        lab.settle();

        assertThat(lab.manager.agents("epp")).allSatisfy(agent -> assertThat(agent.runtime().phase()).isEqualTo(AgentPhase.READY));
        assertThat(lab.runtime.violations()).isEmpty();
    }

    /** The package directory (epp-1.0 or epp-2.0) of each running service VM. */
    private List<String> packagesRunning() {
        return lab.running().stream().map(svm -> lab.runtime.launch(svm).orElseThrow().svmPackage().directory())
                .map(directory -> directory.getFileName().toString()).toList();
    }

    @Test
    void reapplyingAnEquivalentConfigurationRestartsNothing() {
        var perHost = AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE).withHostProperties(HostProperties.of(h -> Map.of("k", h.id())));
        lab.deploy("epp", perHost);
        int starts = lab.runtime.starts();

        lab.manager.updateAgency("epp", perHost.withHostProperties(HostProperties.of(h -> Map.of("k", h.id()))));
        lab.advance(Duration.ofMinutes(10));

        assertThat(lab.runtime.starts()).isEqualTo(starts);
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void changedPerHostPropertiesRedeployTheServiceVmsWithTheNewEnvironment() {
        lab.deploy("epp", AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE).withProperties(Map.of("level", "gold")));

        lab.manager.updateAgency("epp", AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE).withProperties(Map.of("level", "silver")));
        lab.settle();

        assertThat(environment("epp@h1")).containsEntry("level", "silver");
        assertThat(environment("epp@h2")).containsEntry("level", "silver");
    }
}
