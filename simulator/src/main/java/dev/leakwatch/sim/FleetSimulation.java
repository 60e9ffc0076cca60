package dev.leakwatch.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.sim.scenario.Behaviour;
import dev.leakwatch.sim.scenario.Behaviours;
import dev.leakwatch.sim.scenario.Draw;

/**
 * Runs a {@link FleetSpec} tick by tick and yields every host's samples in time order, as the
 * agents would send them. Deterministic: the same spec gives the same samples and ground truth.
 * Ground truth of an incarnation is final once it ends; {@link #groundTruth()} is complete once
 * every tick has been read.
 */
public final class FleetSimulation implements Iterator<ProcessSample> {
    private static final long KIND_HOST = 1;
    private static final long KIND_SLOT = 2;
    private static final long KIND_ASSIGN = 3;

    private final FleetSpec spec;
    private final List<Host> hosts = new ArrayList<>();
    /** Appended by the thread that runs the simulation, read by any (a live fleet's caller). */
    private final List<GroundTruth> finished = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Scenario> scenarioByProcess = new ConcurrentHashMap<>();
    private final long startMillis;
    private final long stepMillis;
    private final long ticks;
    private final long endMillis;
    private long tick;
    private Iterator<ProcessSample> pending = Collections.emptyIterator();
    private long samplesEmitted;
    private boolean ended;

    public FleetSimulation(FleetSpec spec) {
        this.spec = spec;
        this.startMillis = spec.start().toEpochMilli();
        this.stepMillis = spec.step().toMillis();
        this.ticks = spec.ticks();
        this.endMillis = startMillis + ticks * stepMillis;
        List<Scenario> assigned = assign(spec);
        for (int h = 0; h < spec.hosts(); h++) {
            Host host = new Host(this, h, new SplittableRandom(Draw.seedFor(spec.seed(), KIND_HOST, h)));
            hosts.add(host);
            for (int p = 0; p < spec.processesPerHost(); p++) {
                int index = h * spec.processesPerHost() + p;
                SplittableRandom rng = new SplittableRandom(Draw.seedFor(spec.seed(), KIND_SLOT, index));
                Behaviour behaviour = Behaviours.create(assigned.get(index), rng, host.memory, spec.timeScale(), startMillis, endMillis);
                host.slots.add(new Slot(this, host, behaviour, rng));
            }
        }
    }

    /** Runs a whole fleet without keeping its samples and returns its ground truth. */
    public static List<GroundTruth> groundTruthOf(FleetSpec spec) {
        FleetSimulation simulation = new FleetSimulation(spec);
        while (simulation.nextTick() != null) {
            // samples are not needed, only the labels the run produces
        }
        return simulation.groundTruth();
    }

    /** One sampling tick of the whole fleet, samples sorted by their (host-clock) timestamps. */
    public record Tick(long index, long trueTimeMillis, List<ProcessSample> samples) {
    }

    /** The next tick, or null after the last one (when ground truth becomes complete). */
    public Tick nextTick() {
        if (tick >= ticks) {
            finish();
            return null;
        }
        long trueTime = startMillis + tick * stepMillis;
        List<ProcessSample> samples = new ArrayList<>(spec.processes());
        for (Host host : hosts) {
            long sampledAt = trueTime + host.phaseMillis;
            boolean agentUp = !host.inGap(sampledAt);
            for (Slot slot : host.slots) {
                ProcessSample sample = slot.sampleAt(sampledAt, agentUp);
                if (sample != null) {
                    samples.add(sample);
                }
            }
        }
        samples.sort(Comparator.comparing(ProcessSample::getTimestamp));
        samplesEmitted += samples.size();
        return new Tick(tick++, trueTime, samples);
    }

    @Override
    public boolean hasNext() {
        while (!pending.hasNext()) {
            Tick next = nextTick();
            if (next == null) {
                return false;
            }
            pending = next.samples().iterator();
        }
        return true;
    }

    @Override
    public ProcessSample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.next();
    }

    public FleetSpec spec() {
        return spec;
    }

    public long samplesEmitted() {
        return samplesEmitted;
    }

    /** Labels of every incarnation that has ended, sorted by host, start time and pid; all of them after the last tick. */
    public List<GroundTruth> groundTruth() {
        List<GroundTruth> sorted;
        synchronized (finished) {
            sorted = new ArrayList<>(finished);
        }
        sorted.sort(Comparator.comparing(GroundTruth::host).thenComparingLong(GroundTruth::startTime).thenComparingInt(GroundTruth::pid));
        return sorted;
    }

    /** The scenario of a process incarnation this simulation has started, by {@code host/pid/start_time}; safe from any thread. */
    public Optional<Scenario> scenarioOf(String processKey) {
        return Optional.ofNullable(scenarioByProcess.get(processKey));
    }

    private void finish() {
        if (ended) {
            return;
        }
        ended = true;
        for (Host host : hosts) {
            for (Slot slot : host.slots) {
                slot.endIncarnation(endMillis, EndReason.SIMULATION_END);
            }
        }
    }

    /** Leak scenarios get {@code leakShare} of the slots, spread evenly over them; healthy ones the rest; then shuffled. */
    static List<Scenario> assign(FleetSpec spec) {
        List<Scenario> healthy = Scenario.healthy().stream().filter(spec.scenarios()::contains).toList();
        List<Scenario> leaking = Scenario.leaking().stream().filter(spec.scenarios()::contains).toList();
        int total = spec.processes();
        int leakSlots = leaking.isEmpty() ? 0 : healthy.isEmpty() ? total : (int) Math.round(total * spec.leakShare());
        List<Scenario> slots = new ArrayList<>(total);
        for (int i = 0; i < leakSlots; i++) {
            slots.add(leaking.get(i % leaking.size()));
        }
        for (int i = 0; i < total - leakSlots; i++) {
            slots.add(healthy.get(i % healthy.size()));
        }
        SplittableRandom rng = new SplittableRandom(Draw.seedFor(spec.seed(), KIND_ASSIGN, 0));
        for (int i = slots.size() - 1; i > 0; i--) {
            Collections.swap(slots, i, rng.nextInt(i + 1));
        }
        return slots;
    }

    long startMillis() {
        return startMillis;
    }

    void recordEnd(GroundTruth truth) {
        finished.add(truth);
    }

    void recordStart(String processKey, Scenario scenario) {
        scenarioByProcess.put(processKey, scenario);
    }
}
