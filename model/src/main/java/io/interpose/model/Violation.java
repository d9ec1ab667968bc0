package io.interpose.model;

/** One thing wrong with a request: the field (a JSON path such as {@code deployment_specs[0].ovf_url}) and why. */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
