package dev.leakwatch.sim;

import java.util.ArrayList;
import java.util.List;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;

/**
 * Gathers consecutive samples of one host at one instant into a {@link HostTick}, as an agent
 * publishing whole ticks would send them. The simulator emits a host's samples of a tick together,
 * so a change of host or timestamp closes the tick.
 */
public final class HostTickBatcher {
    private final List<ProcessSample> pending = new ArrayList<>();

    /** Adds a sample; returns the tick it closed, or null while the current tick goes on. */
    public HostTick add(ProcessSample sample) {
        HostTick closed = null;
        if (!pending.isEmpty()) {
            ProcessSample first = pending.get(0);
            if (!first.getHost().equals(sample.getHost()) || !first.getTimestamp().equals(sample.getTimestamp())) {
                closed = flush();
            }
        }
        pending.add(sample);
        return closed;
    }

    /** The tick gathered so far, or null when there is none. */
    public HostTick flush() {
        if (pending.isEmpty()) {
            return null;
        }
        ProcessSample first = pending.get(0);
        HostTick tick = HostTick.newBuilder().setHost(first.getHost()).setTimestamp(first.getTimestamp())
                .setSamples(new ArrayList<>(pending)).build();
        pending.clear();
        return tick;
    }
}
