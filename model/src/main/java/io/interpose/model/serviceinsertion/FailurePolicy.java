package io.interpose.model.serviceinsertion;

/** What happens to traffic or a guest event while the service cannot answer (NSX {@code on_failure_policy}). */
public enum FailurePolicy {
    ALLOW,
    BLOCK
}
