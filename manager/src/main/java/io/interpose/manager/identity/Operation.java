package io.interpose.manager.identity;

import java.util.Locale;
import java.util.Objects;

/** What a request does: reads or writes one {@link Area}. */
public record Operation(Method method, Area area) {

    public enum Method {
        READ, WRITE;

        /** {@code GET}, {@code HEAD} and {@code OPTIONS} read; every other HTTP method writes. */
        public static Method ofHttp(String httpMethod) {
            return switch (httpMethod.toUpperCase(Locale.ROOT)) {
                case "GET", "HEAD", "OPTIONS" -> READ;
                default -> WRITE;
            };
        }
    }

    public Operation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(area, "area");
    }

    public static Operation read(Area area) {
        return new Operation(Method.READ, area);
    }

    public static Operation write(Area area) {
        return new Operation(Method.WRITE, area);
    }
}
