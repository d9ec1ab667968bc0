package io.interpose.manager.policy;

import static io.interpose.manager.policy.PolicyKinds.ENDPOINT_POLICY;
import static io.interpose.manager.policy.PolicyKinds.ENDPOINT_RULE;
import static io.interpose.manager.policy.PolicyKinds.GROUP;
import static io.interpose.manager.policy.PolicyKinds.SERVICE_PROFILE;

import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.realization.ResolvedProfile;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.policy.ServiceProfile;
import java.util.List;

/** Feeds stored policy into the realization engine: everything at start, then each change. */
final class PolicyLoader {
    private final ResourceStore store;
    private final RealizationEngine engine;

    PolicyLoader(ResourceStore store, RealizationEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    void load() {
        for (String kind : List.of(SERVICE_PROFILE.resourceType(), GROUP.resourceType(), ENDPOINT_POLICY.resourceType(),
                ENDPOINT_RULE.resourceType())) {
            store.listAll(kind).forEach(r -> realize(engine, r));
        }
    }

    static void realize(RealizationEngine engine, StoredResource r) {
        String kind = r.kind();
        if (kind.equals(SERVICE_PROFILE.resourceType())) {
            ServiceProfile profile = ResourceCodec.read(r, SERVICE_PROFILE);
            engine.putProfile(r.path(), new ResolvedProfile(r.body().path("service_id").asText(), profile.vendorTemplateKey(), profile.attributeMap()));
        } else if (kind.equals(GROUP.resourceType())) {
            engine.putGroup(r.path(), ResourceCodec.read(r, GROUP));
        } else if (kind.equals(ENDPOINT_POLICY.resourceType())) {
            engine.putPolicy(r.path(), ResourceCodec.read(r, ENDPOINT_POLICY));
        } else if (kind.equals(ENDPOINT_RULE.resourceType())) {
            engine.putRule(r.path(), r.parentPath(), ResourceCodec.read(r, ENDPOINT_RULE));
        }
    }

    static void unrealize(RealizationEngine engine, StoredResource r) {
        String kind = r.kind();
        if (kind.equals(SERVICE_PROFILE.resourceType())) {
            engine.removeProfile(r.path());
        } else if (kind.equals(GROUP.resourceType())) {
            engine.removeGroup(r.path());
        } else if (kind.equals(ENDPOINT_POLICY.resourceType())) {
            engine.removePolicy(r.path());
        } else if (kind.equals(ENDPOINT_RULE.resourceType())) {
            engine.removeRule(r.path());
        }
    }
}
