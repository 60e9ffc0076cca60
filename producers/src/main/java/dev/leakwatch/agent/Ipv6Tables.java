package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.procfs.MalformedProcFileException;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.SockstatParser;

/**
 * Which IPv6 tables of a network namespace are worth reading this tick. Reading {@code net/tcp6}
 * costs the same as {@code net/tcp} however few IPv6 sockets there are (the kernel walks every
 * bucket of the TCP hash table, twice per read to the end: about 1 ms on a 24 GiB host), and a
 * namespace that only speaks IPv4 has none. {@code net/sockstat6} says so for a few microseconds:
 * its {@code TCP6 inuse} counts every IPv6 TCP socket in the hash tables, so at 0 the table holds
 * no socket of any process. What it could still hold are sockets of no process: TIME_WAIT ones,
 * which {@code tw} of {@code net/sockstat} counts together with the IPv4 ones; so the table is
 * skipped only when that count is not above the IPv4 TIME_WAIT sockets just read, and the host's
 * TIME_WAIT total stays whole (up to sockets that change state between the two reads). When either
 * file is missing or unreadable, both tables are read as before.
 */
record Ipv6Tables(boolean tcp, boolean udp) {
    private static final Logger LOG = LoggerFactory.getLogger(Ipv6Tables.class);
    static final Ipv6Tables BOTH = new Ipv6Tables(true, true);

    /**
     * @param net                the namespace's {@code net/} directory, through a process in it
     * @param ipv4TimeWait       TIME_WAIT sockets of the namespace's {@code net/tcp}, just read
     */
    static Ipv6Tables of(ProcFiles files, Path net, int ipv4TimeWait, ReadErrorCounters errors) {
        final String sockstat6 = quietly(files, net.resolve("sockstat6"), errors);
        if (sockstat6 == null) {
            return BOTH;
        }
        try {
            final boolean udp = inUse(sockstat6, "UDP6");
            if (inUse(sockstat6, "TCP6")) {
                return new Ipv6Tables(true, udp);
            }
            final String sockstat = quietly(files, net.resolve("sockstat"), errors);
            if (sockstat == null) {
                return new Ipv6Tables(true, udp);
            }
            final OptionalLong timeWait = SockstatParser.value(sockstat, "TCP", "tw");
            return new Ipv6Tables(timeWait.isEmpty() || timeWait.getAsLong() > ipv4TimeWait, udp);
        } catch (MalformedProcFileException e) {
            errors.countMalformed(ProcFile.NET_SOCKSTAT);
            LOG.debug("malformed sockstat under {}: {}", net, e.getMessage());
            return BOTH;
        }
    }

    /** Whether the protocol may have sockets in its table: true unless its line says {@code inuse 0}. */
    private static boolean inUse(String sockstat, String protocol) {
        final OptionalLong inUse = SockstatParser.value(sockstat, protocol, "inuse");
        return inUse.isEmpty() || inUse.getAsLong() > 0;
    }

    /** The file, or null when it is missing (no IPv6, an old kernel, a fixture tree) or unreadable. */
    private static String quietly(ProcFiles files, Path file, ReadErrorCounters errors) {
        try {
            return files.readSingleShot(file);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (AccessDeniedException e) {
            errors.countPermissionDenied(ProcFile.NET_SOCKSTAT);
            return null;
        } catch (IOException e) {
            errors.countOtherIoError(ProcFile.NET_SOCKSTAT);
            LOG.debug("cannot read {}", file, e);
            return null;
        }
    }
}
