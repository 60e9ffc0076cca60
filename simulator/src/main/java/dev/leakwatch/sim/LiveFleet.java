package dev.leakwatch.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;

/**
 * A simulated fleet publishing to Kafka at wall-clock time, for the demo beside a real host. Event
 * time is wall time (start with {@link FleetSpec#demo}), so its samples and a real agent's can share
 * the partitions of one streams application without one's timestamps racing ahead of the other's;
 * the leaks are fast because the spec's time scale compresses them, not because time runs fast.
 */
public final class LiveFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFleet.class);

    private final FleetSimulation simulation;
    private final Producer<String, ProcessSample> producer;
    private final Topic<String, ProcessSample> topic;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private LiveFleet(FleetSpec spec, Producer<String, ProcessSample> producer, Topic<String, ProcessSample> topic) {
        this.simulation = new FleetSimulation(spec);
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this::publish, "leakwatch-live-fleet");
        this.thread.setDaemon(true);
    }

    /**
     * Starts publishing on a background thread, one tick every {@code spec.step()} of wall time.
     *
     * @param producerConfig Kafka client settings, at least {@code bootstrap.servers}
     * @param topic          the samples topic with configured serdes (e.g. the Confluent Avro serde)
     */
    public static LiveFleet start(FleetSpec spec, Map<String, ?> producerConfig, Topic<String, ProcessSample> topic) {
        return start(spec, KafkaSamples.producer(producerConfig, topic), topic);
    }

    /** Starts publishing through a producer the caller made (and this fleet closes). */
    static LiveFleet start(FleetSpec spec, Producer<String, ProcessSample> producer, Topic<String, ProcessSample> topic) {
        LiveFleet fleet = new LiveFleet(spec, producer, topic);
        fleet.thread.start();
        return fleet;
    }

    private void publish() {
        EventTimePacer pacer = new EventTimePacer(1.0, simulation.spec().start().toEpochMilli());
        long step = simulation.spec().step().toMillis();
        try {
            FleetSimulation.Tick tick;
            while (!stopping && (tick = simulation.nextTick()) != null) {
                // a tick goes out once its last sample's time has passed, so no timestamp lies in the future
                pacer.awaitEventTime(tick.trueTimeMillis() + step);
                for (ProcessSample sample : tick.samples()) {
                    producer.send(KafkaSamples.record(topic, sample), (metadata, error) -> {
                        if (error != null && failure.compareAndSet(null, error)) {
                            LOG.warn("simulated fleet could not publish: {}", error.getMessage());
                        }
                    });
                    sent.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            LOG.error("simulated fleet stopped", e);
        }
    }

    public long samplesSent() {
        return sent.get();
    }

    /** The first send error, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The scenario a simulated process follows, so the demo can say which kind of leak an incident caught. */
    public Optional<Scenario> scenarioOf(String host, int pid, long startTimeMillis) {
        return simulation.scenarioOf(ProcessKey.of(host, pid, startTimeMillis));
    }

    public FleetSpec spec() {
        return simulation.spec();
    }

    /** Labels of the incarnations that have ended so far. */
    public List<GroundTruth> endedIncarnations() {
        return simulation.groundTruth();
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
