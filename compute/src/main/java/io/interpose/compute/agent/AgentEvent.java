package io.interpose.compute.agent;

/**
 * A change the agent manager made or observed. Updates carry the whole new state, so a follower can
 * treat any event as "re-read this agency".
 */
public sealed interface AgentEvent {
    String agencyId();

    record AgencyUpdated(Agency agency) implements AgentEvent {
        @Override
        public String agencyId() {
            return agency.id();
        }
    }

    record AgencyRemoved(String agencyId) implements AgentEvent {}

    record AgentUpdated(Agent agent) implements AgentEvent {
        @Override
        public String agencyId() {
            return agent.agencyId();
        }
    }

    record AgentRemoved(String agencyId, String hostId) implements AgentEvent {}
}
