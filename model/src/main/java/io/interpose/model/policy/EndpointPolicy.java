package io.interpose.model.policy;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;

/**
 * A container of endpoint rules under a domain. Policies are applied in ascending
 * {@code sequenceNumber} across all domains, then the rules of each policy in their own order.
 */
public record EndpointPolicy(int sequenceNumber) implements Validated {
    public static final int MAX_SEQUENCE_NUMBER = 499;

    @Override
    public List<Violation> violations() {
        return new Violations().check(sequenceNumber >= 0 && sequenceNumber <= MAX_SEQUENCE_NUMBER,
                "sequence_number", "must be between 0 and " + MAX_SEQUENCE_NUMBER).list();
    }
}
