package io.interpose.model.policy;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;

/**
 * An administrator's handle on a partner service ({@code /infra/service-references/{id}}). The manager
 * resolves {@code partnerServiceName} to the registered service; profiles live under the reference.
 */
public record ServiceReference(String partnerServiceName) implements Validated {
    public ServiceReference {
        partnerServiceName = partnerServiceName == null ? "" : partnerServiceName;
    }

    @Override
    public List<Violation> violations() {
        return new Violations().required(partnerServiceName, "partner_service_name").list();
    }
}
