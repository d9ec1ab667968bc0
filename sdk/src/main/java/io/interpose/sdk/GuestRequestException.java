package io.interpose.sdk;

import io.interpose.protocol.gi.ResultCode;

/**
 * A query or remediation that did not succeed: the guest, the MUX or the SDK answered {@link #code()}
 * ({@code NOT_FOUND}, {@code PERMISSION_DENIED}, {@code TIMEOUT}, {@code UNAVAILABLE} when the guest or the
 * MUX is not connected, ...). Futures of {@link ServiceContext} complete exceptionally with it.
 */
public final class GuestRequestException extends RuntimeException {
    private final ResultCode code;

    public GuestRequestException(ResultCode code, String message) {
        super(code + (message == null || message.isEmpty() ? "" : ": " + message));
        this.code = code;
    }

    public ResultCode code() {
        return code;
    }
}
