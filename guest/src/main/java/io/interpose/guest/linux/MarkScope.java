package io.interpose.guest.linux;

/** What the agent's fanotify marks cover for each watched path. */
public enum MarkScope {
    /**
     * The whole file system holding the path, through every mount of it, bind mounts and other mount
     * namespaces included (Linux 4.20). The default.
     */
    FILESYSTEM(LinuxNative.FAN_MARK_FILESYSTEM),
    /** The mount holding the path only: accesses through other mounts of the same file system are missed. */
    MOUNT(LinuxNative.FAN_MARK_MOUNT);

    private final int flag;

    MarkScope(int flag) {
        this.flag = flag;
    }

    int flag() {
        return flag;
    }
}
