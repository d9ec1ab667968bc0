package io.interpose.compute.agent;

/** {@code createAgency} named an agency id that is already taken (possibly by an agency being removed). */
public final class AgencyExistsException extends RuntimeException {
    public AgencyExistsException(String message) {
        super(message);
    }
}
