package io.interpose.model.serviceinsertion;

/** Which traffic a service protects (NSX {@code implementations}). */
public enum Implementation {
    NORTH_SOUTH,
    EAST_WEST
}
