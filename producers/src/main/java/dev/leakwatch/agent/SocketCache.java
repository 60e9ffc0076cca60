package dev.leakwatch.agent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides when the sockets found in a process's descriptor links at an earlier tick still stand, so
 * that the links (one {@code readlink} per descriptor, the agent's largest cost) are read only when
 * something may have changed. Socket states are not cached: each tick joins the sockets with fresh
 * tables. The sockets read at tick t−1 are reused at tick t when all of these hold:
 *
 * <ul>
 *   <li>the process's descriptor count is the one measured when they were read or last checked (for
 *       the agent itself, the count without the /proc files it holds, which come and go with
 *       other processes);</li>
 *   <li>they are not due for their periodic reading ({@link AgentSettings#socketRefresh()});</li>
 *   <li>they were checked at t−1, against the tables of a known network namespace;</li>
 *   <li>no TCP socket with an owner turned up in the process's namespace that no sampled process
 *       holds and that was not already such a socket at t−1 (a process that closed a file and
 *       opened a socket keeps its count, but its new socket is such a socket: then every process
 *       of the namespace is read again);</li>
 *   <li>every one of them that was in the tables at t−1 still is (a lost socket means a change).</li>
 * </ul>
 *
 * What this cannot see until the periodic reading: a process that, between two ticks and with its count
 * unchanged, gave up a socket another process still holds, or took over a socket that an already
 * sampled process holds too, or one from another network namespace.
 */
final class SocketCache {
    /** Sockets that some sampled process holds, this tick. */
    private final InodeMap held = new InodeMap(1024);
    /** TCP sockets with an owner that no sampled process held at the previous tick. */
    private InodeMap previouslyUnheld = new InodeMap(1024);
    /** The other of the two sets, refilled at the end of each tick and then swapped in. */
    private InodeMap scratch = new InodeMap(1024);

    /** Whether the sockets read earlier may stand for this tick's (decided before the tables are read). */
    static boolean reusable(Incarnation incarnation, long tickNumber, int fdCount) {
        return incarnation.sockets != null
                && incarnation.socketsCheckedTick == tickNumber - 1
                && incarnation.socketsFdCount == fdCount
                && incarnation.netNamespace != SocketTables.UNKNOWN_NAMESPACE
                && incarnation.socketsNamespace == incarnation.netNamespace;
    }

    /**
     * The namespaces whose tables hold a TCP socket with an owner that no sampled process holds now
     * and none held at the previous tick: some process there, perhaps one whose sockets were
     * reused, has a new socket.
     */
    Set<Long> namespacesWithNewSockets(List<Incarnation> sampled, SocketTables tables) {
        collectHeld(sampled);
        final Set<Long> namespaces = new HashSet<>(4);
        for (long namespace : tables.loadedNamespaces()) {
            final int to = tables.tcpInodesTo(namespace);
            for (int i = tables.tcpInodesFrom(namespace); i < to; i++) {
                final long inode = tables.tcpInodeAt(i);
                if (held.get(inode) == InodeMap.ABSENT && previouslyUnheld.get(inode) == InodeMap.ABSENT) {
                    namespaces.add(namespace);
                    break;
                }
            }
        }
        return namespaces;
    }

    /** Whether a socket that was in the tables when the process's sockets were last checked is gone from them. */
    static boolean lostASocket(Incarnation incarnation, SocketTables tables) {
        return inTables(incarnation, tables) < incarnation.socketsInTables;
    }

    /**
     * After the links due this tick are read: remembers which TCP sockets no sampled process holds,
     * and marks the sockets of every process whose namespace's tables were read as checked at this
     * tick, so that the next tick may reuse them.
     */
    void endTick(List<Incarnation> sampled, SocketTables tables, long tickNumber) {
        collectHeld(sampled);
        final InodeMap now = scratch;
        now.clear();
        for (long namespace : tables.loadedNamespaces()) {
            final int to = tables.tcpInodesTo(namespace);
            for (int i = tables.tcpInodesFrom(namespace); i < to; i++) {
                final long inode = tables.tcpInodeAt(i);
                if (held.get(inode) == InodeMap.ABSENT) {
                    now.put(inode, (byte) 1);
                }
            }
        }
        scratch = previouslyUnheld;
        previouslyUnheld = now;
        for (Incarnation incarnation : sampled) {
            if (incarnation.sockets != null && tables.isLoaded(incarnation.netNamespace)) {
                incarnation.socketsCheckedTick = tickNumber;
                incarnation.socketsInTables = inTables(incarnation, tables);
                incarnation.socketsNamespace = incarnation.netNamespace;
            } else {
                incarnation.socketsCheckedTick = -1;
            }
        }
    }

    private void collectHeld(List<Incarnation> sampled) {
        held.clear();
        for (Incarnation incarnation : sampled) {
            if (incarnation.sockets != null) {
                for (int i = 0; i < incarnation.socketCount; i++) {
                    held.put(incarnation.sockets[i], (byte) 1);
                }
            }
        }
    }

    private static int inTables(Incarnation incarnation, SocketTables tables) {
        int present = 0;
        for (int i = 0; i < incarnation.socketCount; i++) {
            if (tables.codeOf(incarnation.sockets[i]) != InodeMap.ABSENT) {
                present++;
            }
        }
        return present;
    }
}
