package io.interpose.manager.api;

import io.interpose.manager.identity.Area;
import io.interpose.manager.identity.Operation;
import java.util.Optional;

/**
 * What a route needs: an {@link Operation} on an area of the API, or only an authenticated caller
 * (a user's own tokens).
 */
public record Access(Optional<Operation> operation) {
    public static Access read(Area area) {
        return new Access(Optional.of(Operation.read(area)));
    }

    public static Access write(Area area) {
        return new Access(Optional.of(Operation.write(area)));
    }

    public static Access authenticated() {
        return new Access(Optional.empty());
    }
}
