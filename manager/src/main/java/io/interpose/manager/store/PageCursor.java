package io.interpose.manager.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque keyset cursors: the URL-safe Base64 of the last key of the previous page. An absent or empty
 * cursor means the first page; one that does not decode is an {@link IllegalArgumentException}.
 */
final class PageCursor {
    private PageCursor() {
    }

    static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor '" + cursor + "': pass the cursor of the previous page", e);
        }
    }

    static Optional<Long> decodeNumber(String cursor) {
        return decode(cursor).map(key -> {
            try {
                return Long.valueOf(key);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid cursor '" + cursor + "': pass the cursor of the previous page", e);
            }
        });
    }

    static void checkPageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
    }
}
