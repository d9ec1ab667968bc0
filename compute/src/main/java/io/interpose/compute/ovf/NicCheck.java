package io.interpose.compute.ovf;

import io.interpose.model.Violation;
import io.interpose.model.serviceinsertion.NicMetadata;
import java.util.ArrayList;
import java.util.List;

/** The NIC rule of {@link SvmPackageCheck}: NIC metadata and OVF networks correspond one to one, by name and index. */
final class NicCheck {
    private static final String LIST = "service_deployment_spec.nic_metadata_list";

    private NicCheck() {
    }

    static List<Violation> violations(List<NicMetadata> nics, OvfDescriptor descriptor, VirtualHardware hardware) {
        List<Violation> found = new ArrayList<>();
        for (int j = 0; j < nics.size(); j++) {
            found.addAll(check(nics.get(j), LIST + "[" + j + "]", descriptor, hardware));
        }
        for (OvfNetwork network : descriptor.networks()) {
            if (nics.stream().noneMatch(nic -> nic.interfaceLabel().equals(network.name()))) {
                found.add(new Violation(LIST, "the OVF network '" + network.name()
                        + "' has no NIC metadata (each network of the OVF's NetworkSection needs one)"));
            }
        }
        return found;
    }

    private static List<Violation> check(NicMetadata nic, String field, OvfDescriptor descriptor, VirtualHardware hardware) {
        if (nic.interfaceLabel().isEmpty() || nic.interfaceIndex() == null) {
            return List.of();
        }
        if (descriptor.network(nic.interfaceLabel()).isEmpty()) {
            return List.of(new Violation(field + ".interface_label", "'" + nic.interfaceLabel()
                    + "' is not a network of the OVF's NetworkSection; it declares: "
                    + SvmPackageCheck.listOrNone(descriptor.networks().stream().map(OvfNetwork::name).toList())));
        }
        int index = nic.interfaceIndex();
        String option = hardware.configurationId().isEmpty() ? "" : " under deployment option '" + hardware.configurationId() + "'";
        if (index < 0 || index >= hardware.nics().size()) {
            return List.of(new Violation(field + ".interface_index", "the OVF's virtual system has "
                    + hardware.nics().size() + " NICs" + option + "; there is no NIC " + index));
        }
        String network = hardware.nics().get(index).network();
        if (!network.equals(nic.interfaceLabel())) {
            return List.of(new Violation(field + ".interface_index", "NIC " + index + " of the OVF" + option
                    + " connects to '" + network + "', not to '" + nic.interfaceLabel() + "'"));
        }
        return List.of();
    }
}
