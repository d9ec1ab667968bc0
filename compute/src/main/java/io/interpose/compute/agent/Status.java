package io.interpose.compute.agent;

/** Health of an agent or agency, as EAM reports it. */
public enum Status {
    /** At its goal. */
    GREEN,
    /** Working towards its goal (deploying, starting, restarting, being removed). */
    YELLOW,
    /** An issue that is not merely informational is open. */
    RED
}
