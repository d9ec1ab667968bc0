package io.interpose.manager.deployment;

/** Tells the API what a deployment looks like now (implemented by the deployment controller). */
@FunctionalInterface
public interface DeploymentObserver {
    DeploymentState observe(String deploymentPath);
}
