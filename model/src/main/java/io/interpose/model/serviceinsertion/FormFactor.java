package io.interpose.model.serviceinsertion;

/** The size of a service VM (NSX {@code service_form_factor}); an OVF deployment option of the same name. */
public enum FormFactor {
    SMALL,
    MEDIUM,
    LARGE
}
