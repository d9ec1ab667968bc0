package io.interpose.model.serviceinsertion;

/**
 * Whether redirected packets go exclusively to the service ({@code PUNT}) or a copy does ({@code COPY}).
 * Not applicable to guest-introspection services.
 */
public enum RedirectionAction {
    PUNT,
    COPY
}
