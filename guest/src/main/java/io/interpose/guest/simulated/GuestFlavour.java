package io.interpose.guest.simulated;

import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.protocol.gi.OsFamily;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The operating system a simulated guest imitates, and what its workload needs to know of it: where alice
 * downloads, which processes are her shell and the login service (and which are the system's, never ended),
 * how remote users come in, and how the OS names users and directories.
 */
enum GuestFlavour {
    /** A Linux guest: alice logs in over ssh (sshd, pid 2) to bash (pid 3). */
    LINUX("/home/alice/Downloads", 3, 2, 22, "alice", 1000, "pts/0", "1"),
    /** A Windows guest: alice logs in over RDP (winlogon, pid 24) and runs PowerShell (pid 32). */
    WINDOWS("C:\\Users\\alice\\Downloads", 32, 24, 3389, "LAB\\alice", 0, "RDP-Tcp#0", "2");

    final String downloads;
    final int shellPid;
    final int loginPid;
    final int remoteAccessPort;
    final String userName;
    final int uid;
    final String terminal;
    final String sessionId;

    GuestFlavour(String downloads, int shellPid, int loginPid, int remoteAccessPort, String userName, int uid,
                 String terminal, String sessionId) {
        this.downloads = downloads;
        this.shellPid = shellPid;
        this.loginPid = loginPid;
        this.remoteAccessPort = remoteAccessPort;
        this.userName = userName;
        this.uid = uid;
        this.terminal = terminal;
        this.sessionId = sessionId;
    }

    /** WINDOWS when the OS name contains "windows" (any case), else LINUX. */
    static GuestFlavour of(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).contains("windows") ? WINDOWS : LINUX;
    }

    static GuestFlavour of(OsFamily family) {
        return family == OsFamily.WINDOWS ? WINDOWS : LINUX;
    }

    /** The link configuration of an agent of this flavour. */
    GuestLinkConfig config(Path socket, String vmId, Supplier<String> credential, String osName) {
        return this == WINDOWS ? GuestLinkConfig.windows(socket, vmId, credential, osName)
                : GuestLinkConfig.linux(socket, vmId, credential);
    }

    /** A path's separator: a backslash on Windows. */
    char separator() {
        return this == WINDOWS ? '\\' : '/';
    }

    /** The last component of a path. */
    String fileName(String path) {
        return path.substring(path.lastIndexOf(separator()) + 1);
    }

    /** The directory a process starts in: the system's, or its user's home. */
    String workingDirectory(SimulatedProcess process) {
        if (this == WINDOWS) {
            return process.userName().startsWith("NT AUTHORITY\\") ? "C:\\Windows\\System32"
                    : "C:\\Users\\" + process.userName().substring(process.userName().lastIndexOf('\\') + 1);
        }
        return process.uid() == 0 ? "/" : "/home/" + process.userName();
    }
}
