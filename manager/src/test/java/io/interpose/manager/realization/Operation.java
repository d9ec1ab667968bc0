package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.Group;

/** One input change, applied alike to the engine and to the reference. */
sealed interface Operation {
    void apply(RealizationEngine engine);

    void apply(ReferenceRealization reference);

    record PutVm(VirtualMachine vm) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.putVm(vm);
        }

        public void apply(ReferenceRealization reference) {
            reference.vms.put(vm.externalId(), vm);
        }
    }

    record RemoveVm(String id) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.removeVm(id);
        }

        public void apply(ReferenceRealization reference) {
            reference.vms.remove(id);
        }
    }

    record PutGroup(String path, Group group) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.putGroup(path, group);
        }

        public void apply(ReferenceRealization reference) {
            reference.groups.put(path, group);
        }
    }

    record RemoveGroup(String path) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.removeGroup(path);
        }

        public void apply(ReferenceRealization reference) {
            reference.groups.remove(path);
        }
    }

    record PutPolicy(String path, EndpointPolicy policy) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.putPolicy(path, policy);
        }

        public void apply(ReferenceRealization reference) {
            reference.policies.put(path, policy);
        }
    }

    record RemovePolicy(String path) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.removePolicy(path);
        }

        public void apply(ReferenceRealization reference) {
            reference.policies.remove(path);
        }
    }

    record PutRule(String path, PolicyRule rule) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.putRule(path, rule.policyPath(), rule.rule());
        }

        public void apply(ReferenceRealization reference) {
            reference.rules.put(path, rule);
        }
    }

    record RemoveRule(String path) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.removeRule(path);
        }

        public void apply(ReferenceRealization reference) {
            reference.rules.remove(path);
        }
    }

    record PutProfile(String path, ResolvedProfile profile) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.putProfile(path, profile);
        }

        public void apply(ReferenceRealization reference) {
            reference.profiles.put(path, profile);
        }
    }

    record RemoveProfile(String path) implements Operation {
        public void apply(RealizationEngine engine) {
            engine.removeProfile(path);
        }

        public void apply(ReferenceRealization reference) {
            reference.profiles.remove(path);
        }
    }
}
