package io.interpose.guest.simulated;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The in-memory file system of a simulated guest. Thread-safe. */
final class GuestFileSystem {

    /** The EICAR anti-virus test file: harmless, and every scanner detects it. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    static final String EICAR_PATH = "/home/alice/Downloads/eicar.com";
    static final String WINDOWS_EICAR_PATH = "C:\\Users\\alice\\Downloads\\eicar.com";

    private static final int REGULAR_FILE = 0100644;
    private static final int EXECUTABLE = 0100755;

    private final Map<String, SimulatedFile> files = new ConcurrentSkipListMap<>();
    private final Map<String, SimulatedFile> quarantined = new ConcurrentHashMap<>();
    private final AtomicLong nextInode = new AtomicLong(1000);
    private final Clock clock;

    GuestFileSystem(Clock clock) {
        this.clock = clock;
    }

    /** A small Linux tree with a user's home, a few programs and the EICAR file in Downloads. */
    static GuestFileSystem linux(Clock clock) {
        GuestFileSystem fs = new GuestFileSystem(clock);
        fs.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n", 0, REGULAR_FILE);
        fs.write("/etc/hosts", "127.0.0.1 localhost\n", 0, REGULAR_FILE);
        for (String program : List.of("/usr/lib/systemd/systemd", "/usr/sbin/sshd", "/bin/bash", "/usr/bin/python3",
                "/usr/bin/curl", "/usr/bin/vim", "/usr/bin/ls")) {
            fs.write(program, "\u007fELF simulated " + program, 0, EXECUTABLE);
        }
        fs.write("/home/alice/notes.txt", "buy milk\n", 1000, REGULAR_FILE);
        fs.write("/home/alice/report.pdf", "%PDF-1.7 simulated", 1000, REGULAR_FILE);
        fs.write(EICAR_PATH, EICAR, 1000, REGULAR_FILE);
        fs.write("/var/log/syslog", "boot\n", 0, REGULAR_FILE);
        return fs;
    }

    /** A small Windows tree: System32's programs, alice's profile, and the EICAR file in her Downloads. */
    static GuestFileSystem windows(Clock clock) {
        GuestFileSystem fs = new GuestFileSystem(clock);
        String system32 = "C:\\Windows\\System32\\";
        fs.write(system32 + "drivers\\etc\\hosts", "127.0.0.1 localhost\r\n", 0, REGULAR_FILE);
        for (String program : List.of(system32 + "smss.exe", system32 + "wininit.exe", system32 + "services.exe",
                system32 + "svchost.exe", system32 + "winlogon.exe", system32 + "cmd.exe", system32 + "notepad.exe",
                system32 + "WindowsPowerShell\\v1.0\\powershell.exe", "C:\\Windows\\explorer.exe",
                "C:\\Program Files\\Contoso\\ERP\\erp.exe")) {
            fs.write(program, "MZ simulated " + program, 0, EXECUTABLE);
        }
        fs.write("C:\\Users\\alice\\Documents\\notes.txt", "buy milk\r\n", 0, REGULAR_FILE);
        fs.write("C:\\Users\\alice\\Documents\\report.pdf", "%PDF-1.7 simulated", 0, REGULAR_FILE);
        fs.write(WINDOWS_EICAR_PATH, EICAR, 0, REGULAR_FILE);
        fs.write("C:\\Windows\\Logs\\CBS\\CBS.log", "boot\r\n", 0, REGULAR_FILE);
        return fs;
    }

    SimulatedFile write(String path, String content, int ownerUid, int mode) {
        return write(path, ByteString.copyFrom(content, StandardCharsets.UTF_8), ownerUid, mode);
    }

    /** Creates or replaces a file; a replaced file keeps its inode. */
    SimulatedFile write(String path, ByteString content, int ownerUid, int mode) {
        var now = clock.instant();
        return files.compute(path, (p, old) -> new SimulatedFile(p, content,
                old == null ? nextInode.incrementAndGet() : old.inode(), mode, ownerUid, now, now, now));
    }

    SimulatedFile writeRegular(String path, String content, int ownerUid) {
        return write(path, content, ownerUid, REGULAR_FILE);
    }

    Optional<SimulatedFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    List<SimulatedFile> files() {
        return List.copyOf(files.values());
    }

    boolean delete(String path) {
        return files.remove(path) != null;
    }

    /** Moves the file out of the tree (nothing can open it); it stays in {@link #quarantined()}. */
    boolean quarantine(String path) {
        SimulatedFile file = files.remove(path);
        if (file == null) {
            return false;
        }
        quarantined.put(path, file);
        return true;
    }

    List<SimulatedFile> quarantined() {
        return List.copyOf(quarantined.values());
    }
}
