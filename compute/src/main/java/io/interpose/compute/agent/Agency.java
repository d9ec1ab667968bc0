package io.interpose.compute.agent;

/**
 * An agency as the agent manager reports it.
 *
 * @param removing true after {@code destroyAgency}: its agents are being removed, then the agency goes
 * @param status the worst status of its agents ({@link Status#YELLOW} at least while removing)
 */
public record Agency(String id, AgencyConfig config, GoalState goalState, boolean removing, Status status) {}
