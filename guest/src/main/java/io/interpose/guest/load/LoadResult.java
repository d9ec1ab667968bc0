package io.interpose.guest.load;

import java.util.Objects;

/** Both runs of a guest-side load test, for the benchmark's one-line summary. */
public record LoadResult(NotificationResult notifications, VerdictResult verdicts) {

    public LoadResult {
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(verdicts, "verdicts");
    }

    /** {@code {"notifications":{...},"verdicts":{...}}} on one line. */
    public String toJson() {
        return "{\"notifications\":" + notifications.toJson() + ",\"verdicts\":" + verdicts.toJson() + "}";
    }
}
