package dev.leakwatch.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.leakwatch.detect.ServicePast;
import dev.leakwatch.detect.IncidentEvent;
import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.LeakResource;
import dev.leakwatch.detect.ProcessDetector;
import dev.leakwatch.detect.ProcessLabels;
import dev.leakwatch.detect.ServiceHistory;
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
    /**
     * A service's history is read as of this long before the sample: an ending found gone by then has
     * been recorded by a sweep in any run (sweeps come every minute of stream time), so replay and a
     * live app whose sweeps ran at other moments read the same levels.
     */
    static final long HISTORY_SETTLED_AFTER_MILLIS = Duration.ofMinutes(10).toMillis();

    private final LeakwatchTopology.StoreNames stores;
    private final LeakDetector detector;
    private ProcessorContext<String, LeakIncident> context;
    private LiveProcesses processes;
    private KeyValueStore<String, Long> hosts;
    private KeyValueStore<String, byte[]> services;
    /**
     * The service histories this task read or wrote, decoded: a history is read at every 5 min close
     * of a process whose samples are sparse, and only this processor writes the store, so what it
     * decoded stays true until it writes (and then it keeps the new one). The store stays the truth.
     */
    private Map<String, ServiceHistory> histories;
    private final StoredServicePast servicePast = new StoredServicePast();
    /** The host store in memory (only this processor writes it), loaded at init: no sample or sweep reads the store. */
    private final Map<String, Long> hostsKnown = new HashMap<>();
    /** Which processes the sweep looks at, while every stored process is decoded; built anew at every init. */
    private SweepSchedule schedule;

    DetectLeaksProcessor(LeakwatchTopology.StoreNames stores, LeakDetector detector) {
        this.stores = stores;
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, LeakIncident> context) {
        this.context = context;
        // built anew on every (re)initialisation: after a rollback the store is restored and nothing stale survives
        this.hosts = context.getStateStore(stores.hosts());
        hostsKnown.clear();
        try (KeyValueIterator<String, Long> all = hosts.all()) {
            all.forEachRemaining(entry -> hostsKnown.put(entry.key, entry.value));
        }
        CommitHookStore processStore = context.getStateStore(stores.processes());
        this.services = context.getStateStore(stores.services());
        this.histories = new LeastRecentlyUsed<>(DECODED_PER_TASK, () -> { });
        this.processes = new LiveProcesses(processStore, detector, DECODED_PER_TASK);
        this.schedule = new SweepSchedule();
        if (processes.isComplete()) {
            processes.forEachDecoded((key, process) -> schedule.file(key, sweepDue(key, process)));
        }
        context.schedule(SWEEP_EVERY, PunctuationType.STREAM_TIME, streamTime -> sweepGoneProcesses());
    }

    @Override
    public void process(Record<String, ProcessSample> record) {
        ProcessSample sample = record.value();
        long eventTime = sample.getTimestamp().toEpochMilli();
        ProcessDetector known = processes.find(record.key());
        ProcessDetector process = known != null ? known : detector.newProcess();
        if (process.hasEnded()) {
            return; // a late sample of a process already resolved as gone
        }
        List<IncidentEvent> events;
        try {
            process.label(new ProcessLabels(sample.getComm(), sample.getService(), sample.getVersion()));
            events = process.observe(eventTime, SampleReadings.of(sample), servicePast.of(sample.getHost(), process.labels()));
        } catch (RuntimeException e) {
            processes.forget(record.key()); // half-updated in memory: the next sample decodes the stored state
            throw e;
        }
        processes.save(record.key(), process);
        if (known == null && processes.isComplete()) {
            schedule.file(record.key(), sweepDue(record.key(), process));
        }
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
        List<String> looked = List.of();
        if (processes.isComplete()) {
            looked = schedule.takeDue(clock);
            for (String key : looked) {
                ProcessDetector process = processes.find(key);
                if (process != null) { // null: evicted since it was filed
                    judge.accept(key, process);
                }
            }
        } else {
            try (KeyValueIterator<String, byte[]> all = processes.allStored()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    judge.accept(entry.key, processes.find(entry.key, entry.value));
                }
            }
        }
        exits.forEach((key, exit) -> {
            ProcessDetector process = processes.find(key);
            recordEnding(ProcessKey.hostOf(key), process, exit.decidedAt());
            forward(ProcessIdentity.parse(key), process.labels(), process.exit(exit.decidedAt(), exit.why()));
            processes.save(key, process);
        });
        evicted.forEach(processes::delete);
        Set<String> gone = new HashSet<>(evicted);
        for (String key : looked) {
            ProcessDetector process = gone.contains(key) ? null : processes.find(key);
            if (process != null) {
                schedule.file(key, sweepDue(key, process));
            }
        }
    }

    /**
     * The stream time from which a sweep might find a process gone, or evict it once it ended; no
     * sweep before then can. Both findings need the process unseen for a while: "gone" means its host
     * reported {@code exitAfter} past it (and no host's time is later than the task's clock), or its
     * host fell silent for {@code hostSilentAfter} (and the host's time is never earlier than its
     * processes' last samples, nor does it go back); an ended process is evicted {@code hostSilentAfter}
     * after its last sample. Taking the earlier of the process's and its host's times keeps this
     * true whatever the store holds.
     */
    private long sweepDue(String key, ProcessDetector process) {
        long hostSilentAfter = detector.settings().hostSilentAfter().toMillis();
        if (process.hasEnded()) {
            return process.lastSeen() + hostSilentAfter;
        }
        Long hostLast = hostsKnown.get(ProcessKey.hostOf(key));
        long seen = hostLast == null ? process.lastSeen() : Math.min(process.lastSeen(), hostLast);
        return seen + Math.min(detector.settings().exitAfter().toMillis(), hostSilentAfter);
    }

    /** Adds what an incarnation found gone says about its service's levels to that service's history on its host. */
    private void recordEnding(String host, ProcessDetector process, long decidedAt) {
        if (detector.settings().heldLevelsFor().isZero()) {
            return;
        }
        String key = serviceKey(host, process.labels());
        ServiceHistory next = historyOf(key).after(decidedAt, process.levelsHeld());
        services.put(key, next.toBytes());
        histories.put(key, next);
    }

    /** The history stored under a service key; empty when none is. */
    private ServiceHistory historyOf(String serviceKey) {
        ServiceHistory known = histories.get(serviceKey);
        if (known == null) {
            byte[] stored = services.get(serviceKey);
            known = stored == null ? ServiceHistory.empty() : ServiceHistory.fromBytes(stored);
            histories.put(serviceKey, known);
        }
        return known;
    }

    /**
     * Host, service and command name: what successive incarnations of one deployment share (two
     * programs of one service on a host, say its server and its worker, are told apart by the name).
     */
    static String serviceKey(String host, ProcessLabels labels) {
        return host + "/" + (labels.service() != null ? labels.service() : "") + "/" + labels.name();
    }

    /**
     * The history of one sample's service, read from the store only if the detector asks (when an
     * incident is about to open, or a climb on fewer floors than usual is judged): one object per
     * processor, bound to each sample in turn.
     */
    private final class StoredServicePast implements ServicePast {
        private String host;
        private ProcessLabels labels;
        private ServiceHistory history;

        ServicePast of(String sampleHost, ProcessLabels sampleLabels) {
            this.host = sampleHost;
            this.labels = sampleLabels;
            this.history = null;
            return this;
        }

        @Override
        public long highestHeld(LeakResource resource, long limit, long now) {
            ServiceHistory known = history();
            return known == null ? ServiceHistory.NONE
                    : known.highestHeld(resource, limit, now - HISTORY_SETTLED_AFTER_MILLIS, detector.settings().heldLevelsFor().toMillis());
        }

        @Override
        public boolean leakedBefore(LeakResource resource, long limit, long now) {
            ServiceHistory known = history();
            return known != null
                    && known.leaked(resource, limit, now - HISTORY_SETTLED_AFTER_MILLIS, detector.settings().heldLevelsFor().toMillis());
        }

        /** The sample's service history, read once per sample at most; null when histories are not kept. */
        private ServiceHistory history() {
            if (detector.settings().heldLevelsFor().isZero()) {
                return null;
            }
            if (history == null) {
                history = historyOf(serviceKey(host, labels));
            }
            return history;
        }
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
