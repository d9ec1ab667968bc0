package io.interpose.manager.api;

import java.util.List;

/**
 * A request failed for a reason the client can act on. Carries everything of the API's one error
 * shape ({@code httpStatus}, {@code error_code}, {@code module_name}, {@code error_message},
 * {@code related_errors}); {@link ErrorRenderer} turns it into the response body.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final ErrorCode code;
    private final String module;
    private final transient List<RelatedError> related;

    public ApiException(int status, ErrorCode code, String module, String message, List<RelatedError> related) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = code;
        this.module = module;
        this.related = List.copyOf(related);
    }

    public ApiException(int status, ErrorCode code, String module, String message) {
        this(status, code, module, message, List.of());
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public String module() {
        return module;
    }

    public List<RelatedError> related() {
        return related;
    }

    /** One entry of {@code related_errors}: a field problem or a dependent object. */
    public record RelatedError(ErrorCode code, String module, String message) {}

    public static ApiException notFound(String module, String what) {
        return new ApiException(404, ErrorCode.NOT_FOUND, module, what + " was not found");
    }

    public static ApiException badRequest(String module, String message) {
        return new ApiException(400, ErrorCode.INVALID_REQUEST, module, message);
    }

    public static ApiException forbidden(String module, String message) {
        return new ApiException(403, ErrorCode.FORBIDDEN, module, message);
    }

    public static ApiException conflict(String module, String message) {
        return new ApiException(409, ErrorCode.ALREADY_EXISTS, module, message);
    }
}
