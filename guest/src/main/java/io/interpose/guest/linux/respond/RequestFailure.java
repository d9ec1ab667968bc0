package io.interpose.guest.linux.respond;

import io.interpose.protocol.gi.ResultCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a query or an order could not be carried out: the result code to answer and a message for people. */
final class RequestFailure extends Exception {

    private static final long serialVersionUID = 1L;

    final ResultCode code;

    RequestFailure(ResultCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** What a failed file operation on {@code path} means: no such file, not allowed, or failed. */
    static RequestFailure of(IOException e, Path path) {
        if (e instanceof NoSuchFileException) {
            return new RequestFailure(ResultCode.NOT_FOUND, "no such file: " + path);
        }
        if (e instanceof AccessDeniedException) {
            return new RequestFailure(ResultCode.PERMISSION_DENIED, "not allowed: " + path);
        }
        return new RequestFailure(ResultCode.FAILED, path + ": " + e);
    }
}
