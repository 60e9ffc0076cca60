package dev.leakwatch.agent;

import java.util.List;

import dev.leakwatch.schema.ProcessSample;

/**
 * What one tick of the sampler saw.
 *
 * @param samples            one per selected process still alive at the end of the tick, ordered by pid
 * @param processes          pid directories listed under the proc root
 * @param candidates         processes read (kernel threads skipped, if they are)
 * @param filtered           candidates left out by the selection's patterns, users or minimum RSS
 * @param capped             candidates left out because the cap on processes was reached
 * @param networkNamespaces  network namespaces whose socket tables were read
 * @param hostTcpTimeWait    TIME_WAIT sockets in those namespaces: they belong to no process, so no sample carries them
 * @param hostTcpSockets     TCP sockets in those namespaces, in every state
 * @param hostUdpSockets     UDP sockets in those namespaces
 * @param hostUnixSockets    unix sockets in those namespaces
 */
public record SamplerTick(
        List<ProcessSample> samples,
        int processes,
        int candidates,
        int filtered,
        int capped,
        int networkNamespaces,
        int hostTcpTimeWait,
        int hostTcpSockets,
        int hostUdpSockets,
        int hostUnixSockets) {

    public SamplerTick {
        samples = List.copyOf(samples);
    }
}
