package io.interpose.guest.linux.proc;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns which socket, from one pass over every process's open files: {@code /proc/<pid>/fd/N} links to
 * {@code socket:[inode]} for a socket, and the inode is the one {@code /proc/net/*} lists. A socket shared by
 * several processes (inherited over fork) is given to the lowest pid. The same pass notes the network
 * namespaces in use ({@code /proc/<pid>/ns/net}) with a process in each, whose {@code /proc/<pid>/net} shows
 * that namespace's sockets; the agent's own namespace comes first and is read through {@code /proc/self}.
 *
 * @param byInode    socket inode to pid
 * @param namespaces network namespace to the {@code net} directory that lists its sockets
 */
record SocketOwners(Map<Long, Integer> byInode, Map<String, Path> namespaces) {

    private static final String SOCKET = "socket:[";

    SocketOwners {
        byInode = Collections.unmodifiableMap(byInode);
        namespaces = Collections.unmodifiableMap(namespaces);
    }

    /** Scans every process under {@code proc}; processes that end meanwhile, or hide their files, are skipped. */
    static SocketOwners scan(Path proc) {
        Map<Long, Integer> byInode = new HashMap<>();
        Map<String, Path> namespaces = new LinkedHashMap<>();
        namespaces.put(ProcFiles.link(proc.resolve("self/ns/net")).orElse("self"), proc.resolve("self/net"));
        for (int pid : ProcFiles.pids(proc)) {
            Path process = proc.resolve(Integer.toString(pid));
            ProcFiles.link(process.resolve("ns/net"))
                    .ifPresent(namespace -> namespaces.putIfAbsent(namespace, process.resolve("net")));
            for (Path fd : ProcFiles.list(process.resolve("fd"))) {
                ProcFiles.link(fd).filter(target -> target.startsWith(SOCKET))
                        .ifPresent(target -> byInode.putIfAbsent(inode(target), pid));
            }
        }
        return new SocketOwners(byInode, namespaces);
    }

    private static long inode(String target) {
        try {
            return Long.parseLong(target.substring(SOCKET.length(), target.length() - 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
