package io.interpose.compute.agent;

import java.util.concurrent.CompletableFuture;

/** An {@link SvmListener} that keeps what it heard as futures tests can wait on. */
final class SvmRecorder implements SvmListener {
    final CompletableFuture<RunningSvm> ready = new CompletableFuture<>();
    final CompletableFuture<Integer> exited = new CompletableFuture<>();

    @Override
    public void ready(RunningSvm svm) {
        ready.complete(svm);
    }

    @Override
    public void exited(RunningSvm svm, int exitCode) {
        exited.complete(exitCode);
    }
}
