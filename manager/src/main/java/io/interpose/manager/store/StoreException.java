package io.interpose.manager.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The database failed or refused: it cannot be opened (already in use, unreachable, bad credentials),
 * a statement failed, or a write kept losing serialization conflicts. Not a client error: the API turns
 * it into a 500 or 503.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** The SQL state of the underlying {@link SQLException}, if there is one. */
    public Optional<String> sqlState() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
