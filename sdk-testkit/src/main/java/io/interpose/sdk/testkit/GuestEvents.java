package io.interpose.sdk.testkit;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.RegistryEvent;
import java.nio.charset.StandardCharsets;

/** Events to inject into a {@link FakeMux}, for the common cases; build an {@link Event} directly for the rest. */
public final class GuestEvents {
    /** Windows' {@code REG_SZ} value type. */
    public static final int REG_SZ = 1;

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

    /**
     * A Windows guest setting the string value {@code name} of {@code key} (e.g.
     * {@code HKLM\Software\Microsoft\Windows\CurrentVersion\Run}) to {@code data}, from {@code reg.exe}; the
     * data as Windows stores a {@code REG_SZ} (UTF-16LE with its terminating NUL), as docs/gi-protocol.md says.
     */
    public static Event registrySetValue(String vmId, String key, String name, String data) {
        return Event.newBuilder().setVmId(vmId).setType(EventType.REGISTRY_SET_VALUE).setTimeUnixNanos(System.currentTimeMillis() * 1_000_000L)
                .setProcess(ProcessContext.newBuilder().setPid(4242).setPpid(1).setExecutable("C:\\Windows\\System32\\reg.exe")
                        .setUserName("LAB\\alice"))
                .setRegistry(RegistryEvent.newBuilder().setKeyPath(key).setValueName(name).setValueType(REG_SZ)
                        .setValueData(ByteString.copyFrom(data + "\0", StandardCharsets.UTF_16LE))).build();
    }
}
