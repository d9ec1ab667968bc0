package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;

/**
 * How one service VM NIC is connected: which NIC ({@code nic_metadata.interface_label}), to which
 * network, and how it gets its address: {@code DHCP}, {@code STATIC} (then {@code ip_address},
 * {@code subnet_mask}, {@code gateway_address}), or from a pool ({@code ip_pool_id}, with
 * {@code ip_allocation_type} STATIC). {@code NONE}: no address.
 */
public record NicInfo(NicRef nicMetadata, String networkId, IpAllocationType ipAllocationType, String ipPoolId, String ipAddress,
        String subnetMask, String gatewayAddress) {

    public NicInfo {
        networkId = Normalized.text(networkId);
        ipAllocationType = ipAllocationType == null ? IpAllocationType.DHCP : ipAllocationType;
        ipPoolId = Normalized.text(ipPoolId);
        ipAddress = Normalized.text(ipAddress);
        subnetMask = Normalized.text(subnetMask);
        gatewayAddress = Normalized.text(gatewayAddress);
    }

    public enum IpAllocationType { STATIC, DHCP, NONE }

    /** Names the NIC being configured. */
    public record NicRef(String interfaceLabel) {}

    public String interfaceLabel() {
        return nicMetadata == null || nicMetadata.interfaceLabel() == null ? "" : nicMetadata.interfaceLabel();
    }

    /** True if the address comes from an IP pool. */
    public boolean fromPool() {
        return ipAllocationType == IpAllocationType.STATIC && !ipPoolId.isEmpty();
    }

    void check(String field, Violations violations) {
        violations.required(interfaceLabel(), field + ".nic_metadata.interface_label");
        violations.required(networkId, field + ".network_id");
        if (ipAllocationType == IpAllocationType.STATIC && ipPoolId.isEmpty()) {
            violations.check(IpLiteral.isValid(ipAddress), field + ".ip_address", "a static address needs a valid ip_address or an ip_pool_id");
            violations.check(IpLiteral.isValid(subnetMask), field + ".subnet_mask", "a static address needs a valid subnet_mask");
            violations.check(gatewayAddress.isEmpty() || IpLiteral.isValid(gatewayAddress), field + ".gateway_address", "must be an IP address");
        }
        violations.check(ipAllocationType == IpAllocationType.STATIC || ipPoolId.isEmpty(), field + ".ip_pool_id",
                "an IP pool is used only with ip_allocation_type STATIC");
    }
}
