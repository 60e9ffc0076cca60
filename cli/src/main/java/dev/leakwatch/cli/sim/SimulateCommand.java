package dev.leakwatch.cli.sim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;

import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.sim.EventTimePacer;
import dev.leakwatch.sim.FleetSimulation;
import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.GroundTruth;
import dev.leakwatch.sim.GroundTruthJson;
import dev.leakwatch.sim.KafkaSamples;
import dev.leakwatch.sim.SampleFileWriter;
import dev.leakwatch.topic.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A labelled simulated fleet, to a JSON Lines file or to the samples topic, with its ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a fleet of processes, healthy and leaking, with ground truth.",
                "Writes samples as JSON Lines in the DESIGN.md form (--out, gzip when it ends in .gz), or publishes them",
                "to the samples topic like the agent (without --out, or with --kafka). Seeded and deterministic.",
                "--truth writes one JSON line per process incarnation: its scenario, expected resource, leak onset and",
                "exhaustion time."})
public final class SimulateCommand implements Callable<Integer> {
    private static final int DEFAULT_PROCESSES_PER_HOST = 10;

    @Mixin
    FleetOptions fleet;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--out", paramLabel = "FILE", description = "Write samples here as JSON Lines (gzip when the name ends in .gz).")
    Path out;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the ground truth here, one JSON line per process incarnation.")
    Path truth;

    @Option(names = "--kafka", description = "Publish to Kafka as well when --out is given (without --out, Kafka is the output).")
    boolean alsoKafka;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "FACTOR|max",
            description = "Event time per wall time: 1 is real time, 1440 a day per minute, max as fast as possible (default ${DEFAULT-VALUE}).")
    String speed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FleetSpec fleetSpec = fleet.spec(DEFAULT_PROCESSES_PER_HOST);
        double pace = parseSpeed(speed);
        boolean toKafka = out == null || alsoKafka;
        PrintWriter err = spec.commandLine().getErr();
        err.println("simulate: " + FleetOptions.describe(fleetSpec) + (toKafka ? ", to Kafka" : "") + (out != null ? ", to " + out : ""));
        err.flush();
        if (toKafka && fleetSpec.start().isBefore(java.time.Instant.now().minus(Duration.ofDays(6)))) {
            err.println("simulate: warning: event time starts at " + fleetSpec.start() + "; a broker deletes samples older than the"
                    + " topic's retention.ms (7 days by default) within minutes. Use --start now (or a recent time), or a topic"
                    + " with retention.ms=-1.");
        }
        Producer<String, ProcessSample> producer = null;
        Topic<String, ProcessSample> topic = null;
        if (toKafka) {
            LayeredConfig config = kafka.resolve();
            topic = KafkaOptions.samplesTopic(kafka.topicNames(), config);
            producer = KafkaSamples.producer(config.kafkaClientConfig(), topic);
        }
        long started = System.nanoTime();
        FleetSimulation simulation = new FleetSimulation(fleetSpec);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        StopOnSignal stop = new StopOnSignal();
        long samples = 0;
        try (SampleFileWriter writer = out == null ? null : new SampleFileWriter(out)) {
            EventTimePacer pacer = new EventTimePacer(pace, fleetSpec.start().toEpochMilli());
            FleetSimulation.Tick tick;
            while (!stop.requested() && (tick = simulation.nextTick()) != null) {
                pacer.awaitEventTime(tick.trueTimeMillis() + fleetSpec.step().toMillis());
                for (ProcessSample sample : tick.samples()) {
                    if (writer != null) {
                        writer.write(sample);
                    }
                    if (producer != null) {
                        producer.send(KafkaSamples.record(topic, sample), (metadata, error) -> {
                            if (error != null) {
                                sendFailure.compareAndSet(null, error);
                            }
                        });
                    }
                    samples++;
                }
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("cannot publish samples: " + sendFailure.get().getMessage(), sendFailure.get());
                }
            }
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(30));
            }
            stop.done();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("cannot publish samples: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        List<GroundTruth> labels = simulation.groundTruth();
        if (truth != null) {
            GroundTruthJson.write(truth, labels);
        }
        long leaking = labels.stream().filter(GroundTruth::leaks).count();
        err.printf(Locale.ROOT, "simulate: %,d samples, %,d process incarnations (%,d leaking)%s in %.1f s%s%n", samples, labels.size(),
                leaking, truth != null ? ", ground truth in " + truth : "", (System.nanoTime() - started) / 1e9,
                stop.requested() ? " (stopped early)" : "");
        err.flush();
        return 0;
    }

    static double parseSpeed(String text) {
        if (text.trim().equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--speed must be a positive number or 'max', got '" + text + "'");
    }

    /** Ctrl-C during a long paced run: finish the tick, flush the producer and the file, then let the JVM go. */
    private static final class StopOnSignal {
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leakwatch-simulate-shutdown");

        StopOnSignal() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        boolean requested() {
            return stopRequested.getCount() == 0;
        }

        void done() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now that we are done
            }
        }
    }
}
