package io.interpose.compute.agent;

/** What an agency should achieve on the hosts of its cluster (the goal states of vSphere EAM). */
public enum GoalState {
    /** One service VM per available host, deployed and running. */
    ENABLED,
    /** Service VMs already deployed are kept but powered off; none is started or deployed. */
    DISABLED,
    /** No service VM: every one is stopped and removed, and IP pool addresses are released. */
    UNINSTALLED
}
