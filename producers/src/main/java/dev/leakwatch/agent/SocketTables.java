package dev.leakwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.SocketTableParser;
import dev.leakwatch.agent.procfs.TcpState;
import dev.leakwatch.agent.procfs.UnixSocketTableParser;

/**
 * One tick's socket tables: each network namespace's {@code net/tcp}, {@code tcp6}, {@code udp},
 * {@code udp6} and {@code unix}, read once through any live process of that namespace and merged
 * into one map from socket inode to kind and state ({@code tcp6} and {@code udp6} only when
 * {@code sockstat6} says they may hold a socket, see {@link Ipv6Tables}). Socket inodes are unique on the host, so one map
 * also resolves a socket that a process received from another namespace. Kept from tick to tick
 * and {@link #reset} at the start of each, so that its arrays are allocated once.
 */
final class SocketTables {
    private static final Logger LOG = LoggerFactory.getLogger(SocketTables.class);
    static final byte UDP = 20;
    static final byte UNIX = 21;
    /** Namespace key for processes whose ns/net link could not be read. */
    static final long UNKNOWN_NAMESPACE = -1;

    private final ProcFiles files;
    private final Path procRoot;
    private final ReadErrorCounters errors;
    /** Network namespace inode to the pids that live in it, in the order they were met. */
    private final Map<Long, List<Integer>> pidsByNamespace = new LinkedHashMap<>();
    private final Map<Long, Boolean> loaded = new LinkedHashMap<>();
    private final InodeMap inodes = new InodeMap(1024);
    /** The TCP sockets with an inode (held by some descriptor) of every loaded namespace, namespace after namespace. */
    private long[] tcpInodes = new long[1024];
    private int tcpInodeCount;
    /** Per loaded namespace, where its TCP inodes start and end in {@link #tcpInodes}. */
    private final Map<Long, int[]> tcpInodeRanges = new LinkedHashMap<>();
    private int timeWait;
    private int tcpSockets;
    private int udpSockets;
    private int unixSockets;

    SocketTables(ProcFiles files, Path procRoot, ReadErrorCounters errors) {
        this.files = files;
        this.procRoot = procRoot;
        this.errors = errors;
    }

    /** Forgets the previous tick's namespaces and sockets. */
    void reset() {
        pidsByNamespace.clear();
        loaded.clear();
        inodes.clear();
        tcpInodeRanges.clear();
        tcpInodeCount = 0;
        timeWait = 0;
        tcpSockets = 0;
        udpSockets = 0;
        unixSockets = 0;
    }

    void register(long namespace, int pid) {
        if (namespace != UNKNOWN_NAMESPACE) {
            pidsByNamespace.computeIfAbsent(namespace, n -> new ArrayList<>(4)).add(pid);
        }
    }

    /** Reads every registered namespace's tables; a namespace none of whose processes is left stays unloaded. */
    void load() {
        for (Map.Entry<Long, List<Integer>> namespace : pidsByNamespace.entrySet()) {
            final int from = tcpInodeCount;
            final boolean read = loadOne(namespace.getValue());
            loaded.put(namespace.getKey(), read);
            if (read) {
                tcpInodeRanges.put(namespace.getKey(), new int[] {from, tcpInodeCount});
            } else {
                tcpInodeCount = from;
            }
        }
    }

    /** The namespaces whose tables were read, in the order they were read. */
    Iterable<Long> loadedNamespaces() {
        return tcpInodeRanges.keySet();
    }

    /** The TCP sockets of a loaded namespace that some descriptor holds (inode not 0), from {@link #tcpInodeAt}. */
    int tcpInodesFrom(long namespace) {
        final int[] range = tcpInodeRanges.get(namespace);
        return range == null ? 0 : range[0];
    }

    /** Where the namespace's TCP inodes end (exclusive). */
    int tcpInodesTo(long namespace) {
        final int[] range = tcpInodeRanges.get(namespace);
        return range == null ? 0 : range[1];
    }

    long tcpInodeAt(int index) {
        return tcpInodes[index];
    }

    /** Whether the namespace's TCP tables were read, so that an inode missing from them really is no TCP socket of it. */
    boolean isLoaded(long namespace) {
        return loaded.getOrDefault(namespace, false);
    }

    byte codeOf(long inode) {
        return inodes.get(inode);
    }

    int namespaces() {
        return pidsByNamespace.size();
    }

    /** TIME_WAIT sockets of every loaded namespace: they belong to no process. */
    int timeWait() {
        return timeWait;
    }

    /** TCP sockets of every loaded namespace, in any state (TIME_WAIT included). */
    int tcpSockets() {
        return tcpSockets;
    }

    int udpSockets() {
        return udpSockets;
    }

    int unixSockets() {
        return unixSockets;
    }

    private boolean loadOne(List<Integer> pids) {
        for (int pid : pids) {
            final Path net = procRoot.resolve(Integer.toString(pid)).resolve("net");
            final int timeWaitBefore = timeWait;
            try {
                // tcp is read first: if it is there, the process was alive a moment ago and the rest will be too
                readTcp(net.resolve("tcp"));
            } catch (NoSuchFileException | AccessDeniedException e) {
                if (e instanceof AccessDeniedException) {
                    errors.countPermissionDenied(ProcFile.NET_TCP);
                }
                continue;
            } catch (IOException e) {
                errors.countOtherIoError(ProcFile.NET_TCP);
                LOG.debug("cannot read {}", net.resolve("tcp"), e);
                continue;
            }
            final Ipv6Tables ipv6 = Ipv6Tables.of(files, net, timeWait - timeWaitBefore, errors);
            if (ipv6.tcp()) {
                readOptional(net.resolve("tcp6"), ProcFile.NET_TCP, in -> readTcpStream(in));
            }
            readOptional(net.resolve("udp"), ProcFile.NET_UDP, in -> readUdpStream(in));
            if (ipv6.udp()) {
                readOptional(net.resolve("udp6"), ProcFile.NET_UDP, in -> readUdpStream(in));
            }
            readOptional(net.resolve("unix"), ProcFile.NET_UNIX, in -> {
                final int malformed = UnixSocketTableParser.parse(in, inode -> {
                    unixSockets++;
                    inodes.put(inode, UNIX);
                });
                countMalformed(ProcFile.NET_UNIX, malformed);
            });
            return true;
        }
        return false;
    }

    private void readTcp(Path file) throws IOException {
        try (InputStream in = files.open(file)) {
            readTcpStream(in);
        }
    }

    private void readTcpStream(InputStream in) throws IOException {
        final SocketTableParser.Counts counts = SocketTableParser.parse(in, (state, inode) -> {
            tcpSockets++;
            if (state == TcpState.TIME_WAIT.code()) {
                timeWait++;
            }
            if (TcpState.ofCode(state) != null && inode != 0) {
                inodes.put(inode, (byte) state);
                if (tcpInodeCount == tcpInodes.length) {
                    tcpInodes = Arrays.copyOf(tcpInodes, tcpInodeCount * 2);
                }
                tcpInodes[tcpInodeCount++] = inode;
            }
        });
        countMalformed(ProcFile.NET_TCP, counts.malformedLines());
    }

    private void readUdpStream(InputStream in) throws IOException {
        final SocketTableParser.Counts counts = SocketTableParser.parse(in, (state, inode) -> {
            udpSockets++;
            inodes.put(inode, UDP);
        });
        countMalformed(ProcFile.NET_UDP, counts.malformedLines());
    }

    private void countMalformed(ProcFile file, int lines) {
        if (lines > 0) {
            errors.countMalformed(file);
        }
    }

    @FunctionalInterface
    private interface TableReader {
        void read(InputStream in) throws IOException;
    }

    /** tcp6, udp and unix are missing on kernels built without IPv6 or with the protocol off: that is no error. */
    private void readOptional(Path file, ProcFile kind, TableReader reader) {
        try (InputStream in = files.open(file)) {
            reader.read(in);
        } catch (NoSuchFileException absent) {
            // no such protocol on this kernel, or the process exited right now: either way no sockets to add
        } catch (AccessDeniedException e) {
            errors.countPermissionDenied(kind);
        } catch (IOException e) {
            errors.countOtherIoError(kind);
            LOG.debug("cannot read {}", file, e);
        }
    }
}
