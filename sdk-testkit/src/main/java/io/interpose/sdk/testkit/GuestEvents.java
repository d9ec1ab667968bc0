package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.ProcessContext;

/** Events to inject into a {@link FakeMux}, for the common cases; build an {@link Event} directly for the rest. */
public final class GuestEvents {
    private GuestEvents() {
    }

    /** A file event of {@code type} on {@code path}, caused by a shell. */
    public static Event file(EventType type, String vmId, String path) {
        return Event.newBuilder().setVmId(vmId).setType(type).setTimeUnixNanos(System.currentTimeMillis() * 1_000_000L)
                .setProcess(ProcessContext.newBuilder().setPid(1000).setPpid(1).setExecutable("/bin/sh").setUserName("root"))
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath(path))).build();
    }

    public static Event fileOpen(String vmId, String path) {
        return file(EventType.FILE_OPEN, vmId, path);
    }

    public static Event fileExec(String vmId, String path) {
        return file(EventType.FILE_EXEC, vmId, path);
    }

    public static Event fileCloseWrite(String vmId, String path) {
        return file(EventType.FILE_CLOSE_WRITE, vmId, path);
    }

    /** A new process {@code pid} running {@code executable}. */
    public static Event processStart(String vmId, int pid, String executable) {
        return Event.newBuilder().setVmId(vmId).setType(EventType.PROCESS_START).setTimeUnixNanos(System.currentTimeMillis() * 1_000_000L)
                .setProcess(ProcessContext.newBuilder().setPid(pid).setPpid(1).setExecutable(executable).addArguments(executable)).build();
    }
}
