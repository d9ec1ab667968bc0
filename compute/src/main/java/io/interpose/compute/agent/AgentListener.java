package io.interpose.compute.agent;

/** Receives {@link AgentEvent}s, in order, on one agent manager thread at a time. */
@FunctionalInterface
public interface AgentListener {
    void onChange(AgentEvent event);
}
