package dev.leakwatch.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.leakwatch.detect.IncidentEvent;
import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.ProcessDetector;
import dev.leakwatch.detect.ProcessLabels;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;

/**
 * Thin adapter between Kafka Streams and the detector. Per sample: load the process's state,
 * observe, save, forward incident transitions keyed by incident id. Every minute of stream time:
 * find processes that are gone (their host kept reporting without them, or the host fell silent)
 * and resolve their incidents, then evict their state. Such a decision is stamped with the event
 * time at which the absence became certain, not the time of the sweep, so replay and a live app
 * whose sweeps ran at other moments agree.
 *
 * <p>Time is event time throughout, measured per host where it matters, so a host whose clock is
 * skewed cannot make another host's processes look gone.
 */
final class DetectLeaksProcessor implements Processor<String, ProcessSample, String, LeakIncident> {
    /** Key in the host store under which the newest event time of the task is kept (no host is blank). */
    static final String CLOCK_KEY = "";
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    /** Decoded detectors kept in memory per task; beyond it the least recently seen are decoded again when needed. */
    static final int DECODED_PER_TASK = 20_000;

    private final LeakwatchTopology.StoreNames stores;
    private final LeakDetector detector;
    private ProcessorContext<String, LeakIncident> context;
    private LiveProcesses processes;
    private KeyValueStore<String, byte[]> processStore;
    private KeyValueStore<String, Long> hosts;
    /** The host store in memory (only this processor writes it), loaded at init: no sample or sweep reads the store. */
    private final Map<String, Long> hostsKnown = new HashMap<>();

    DetectLeaksProcessor(LeakwatchTopology.StoreNames stores, LeakDetector detector) {
        this.stores = stores;
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, LeakIncident> context) {
        this.context = context;
        // built anew on every (re)initialisation: after a rollback the store is restored and nothing stale survives
        this.processStore = context.getStateStore(stores.processes());
        this.processes = new LiveProcesses(processStore, detector, DECODED_PER_TASK);
        this.hosts = context.getStateStore(stores.hosts());
        hostsKnown.clear();
        try (KeyValueIterator<String, Long> all = hosts.all()) {
            all.forEachRemaining(entry -> hostsKnown.put(entry.key, entry.value));
        }
        context.schedule(SWEEP_EVERY, PunctuationType.STREAM_TIME, streamTime -> sweepGoneProcesses());
    }

    @Override
    public void process(Record<String, ProcessSample> record) {
        ProcessSample sample = record.value();
        long eventTime = sample.getTimestamp().toEpochMilli();
        ProcessDetector process = processes.findOrCreate(record.key());
        if (process.hasEnded()) {
            return; // a late sample of a process already resolved as gone
        }
        List<IncidentEvent> events;
        try {
            process.label(new ProcessLabels(sample.getComm(), sample.getService(), sample.getVersion()));
            events = process.observe(eventTime, SampleReadings.of(sample));
        } catch (RuntimeException e) {
            processes.forget(record.key()); // half-updated in memory: the next sample decodes the stored state
            throw e;
        }
        processes.save(record.key(), process);
        touch(sample.getHost(), eventTime);
        touch(CLOCK_KEY, eventTime);
        if (!events.isEmpty()) {
            forward(ProcessIdentity.parse(record.key()), process.labels(), events);
        }
    }

    private void touch(String host, long eventTime) {
        Long last = hostsKnown.get(host);
        if (last == null || last < eventTime) {
            hosts.put(host, eventTime);
            hostsKnown.put(host, eventTime);
        }
    }

    private void sweepGoneProcesses() {
        Long clock = hostsKnown.get(CLOCK_KEY);
        if (clock == null) {
            return;
        }
        // decisions are applied in key order whichever way the processes were visited: replay and live agree
        SortedMap<String, Exit> exits = new TreeMap<>();
        List<String> evicted = new ArrayList<>();
        BiConsumer<String, ProcessDetector> judge = (key, process) -> {
            if (process.hasEnded()) {
                if (clock - process.lastSeen() >= detector.settings().hostSilentAfter().toMillis()) {
                    evicted.add(key); // kept for a while so late samples cannot reopen it
                }
                return;
            }
            Exit exit = absence(ProcessKey.hostOf(key), process, clock);
            if (exit != null) {
                exits.put(key, exit);
            }
        };
        if (processes.isComplete()) {
            processes.forEachDecoded(judge);
        } else {
            try (KeyValueIterator<String, byte[]> all = processStore.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    judge.accept(entry.key, processes.find(entry.key, entry.value));
                }
            }
        }
        exits.forEach((key, exit) -> {
            ProcessDetector process = processes.find(key);
            forward(ProcessIdentity.parse(key), process.labels(), process.exit(exit.decidedAt(), exit.why()));
            processes.save(key, process);
        });
        evicted.forEach(processes::delete);
    }

    /** Why and as of when a process counts as gone, or null while it does not. */
    private Exit absence(String host, ProcessDetector process, long clock) {
        long exitAfter = detector.settings().exitAfter().toMillis();
        long hostSilentAfter = detector.settings().hostSilentAfter().toMillis();
        Long hostLast = hostsKnown.get(host);
        long hostSeen = hostLast == null ? process.lastSeen() : hostLast;
        if (hostSeen - process.lastSeen() >= exitAfter) {
            // decided at lastSeen + exitAfter whenever the sweep runs
            return new Exit(process.lastSeen() + exitAfter, "process exited or restarted: host " + host
                    + " kept reporting for " + minutes(exitAfter) + " min without it");
        }
        if (clock - hostSeen >= hostSilentAfter) {
            return new Exit(hostSeen + hostSilentAfter, "host " + host + " sent nothing for " + minutes(hostSilentAfter) + " min");
        }
        return null;
    }

    private record Exit(long decidedAt, String why) {
    }

    private void forward(ProcessIdentity identity, ProcessLabels labels, List<IncidentEvent> events) {
        for (IncidentEvent event : events) {
            LeakIncident incident = Incidents.of(identity, labels, event);
            context.forward(new Record<>(incident.getIncidentId(), incident, event.eventTime()));
        }
    }

    private static long minutes(long millis) {
        return millis / 60_000;
    }
}
