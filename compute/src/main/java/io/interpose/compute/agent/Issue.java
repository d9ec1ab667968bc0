package io.interpose.compute.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * A problem the agent manager filed: a key unique within this agent manager (EAM's issue key), its
 * type, the agency and host it concerns ({@code hostId} is empty for an issue of the agency as a whole),
 * a description for people, and when it was filed.
 */
public record Issue(int key, IssueType type, String agencyId, String hostId, String description, Instant time) {
    public Issue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(agencyId, "agencyId");
        hostId = hostId == null ? "" : hostId;
        description = description == null ? "" : description;
        Objects.requireNonNull(time, "time");
    }
}
