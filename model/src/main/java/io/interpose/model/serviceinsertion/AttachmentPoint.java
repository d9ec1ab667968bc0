package io.interpose.model.serviceinsertion;

/** Where a service attaches to redirect traffic to its appliance (NSX {@code attachment_point}). */
public enum AttachmentPoint {
    TIER0_LR,
    TIER1_LR,
    SERVICE_PLANE
}
