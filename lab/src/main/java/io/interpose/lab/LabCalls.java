package io.interpose.lab;

import io.interpose.compute.Networks.PoolExhaustedException;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.AgentOperationRefusedException;
import io.interpose.compute.lab.ConflictException;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.ErrorCode;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.javalin.http.Context;
import java.util.List;

/**
 * What every lab admin route shares: the lab's refusals mapped to API errors (unknown id 404; taken
 * id, object in use, or a state that forbids the operation 409; exhausted pool 409), body binding,
 * and the {@code action} query parameter.
 */
final class LabCalls {
    static final String MODULE = "lab";

    private LabCalls() {}

    @FunctionalInterface
    interface LabCall {
        void run(Context ctx) throws Exception;
    }

    /** Runs a lab call, mapping the lab's refusals to API errors; a call that sets no body answers 200 {}. */
    static ApiRoutes.Handler guarded(LabCall call) {
        return (Context ctx, Caller caller) -> {
            try {
                call.run(ctx);
                if (ctx.result() == null) {
                    Requests.json(ctx, 200, Json.object());
                }
            } catch (UnknownObjectException e) {
                throw new ApiException(404, ErrorCode.NOT_FOUND, MODULE, e.getMessage());
            } catch (ConflictException | PoolExhaustedException | AgentOperationRefusedException e) {
                throw new ApiException(409, ErrorCode.IN_USE, MODULE, e.getMessage());
            }
        };
    }

    static <T> T bind(Context ctx, Class<T> type) {
        return Json.bind(Requests.body(ctx, MODULE), type, MODULE);
    }

    /** The {@code action} query parameter, one of {@code allowed}; otherwise a 400 listing them. */
    static String action(Context ctx, List<String> allowed) {
        String action = ctx.queryParam("action");
        if (action == null || !allowed.contains(action)) {
            throw ApiException.badRequest(MODULE, "Unknown or missing action '" + action + "'; allowed: " + allowed);
        }
        return action;
    }
}
