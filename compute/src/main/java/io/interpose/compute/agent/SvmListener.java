package io.interpose.compute.agent;

/**
 * What a runtime reports about one started service VM. Each method is called at most once, on a runtime
 * thread (possibly before {@link SvmRuntime#start} returns); {@code exited} also follows a requested stop.
 */
public interface SvmListener {
    void ready(RunningSvm svm);

    void exited(RunningSvm svm, int exitCode);
}
