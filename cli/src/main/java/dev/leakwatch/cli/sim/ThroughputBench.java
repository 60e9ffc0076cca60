package dev.leakwatch.cli.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.embedded.LocalStack;
import dev.leakwatch.embedded.TempDirs;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.sim.FleetSimulation;
import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.HostTickBatcher;
import dev.leakwatch.sim.KafkaSamples;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.streams.app.StreamsApp;
import dev.leakwatch.streams.app.StreamsAppSettings;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

/**
 * The throughput benchmark on a real broker and registry in this JVM: produce a backlog of
 * simulated samples, read it with a bare consumer that only deserialises, then let the streams
 * app (exactly-once, the production topology and serdes) process it to completion; then a paced
 * phase for latency, and the size of the state the app keeps.
 */
final class ThroughputBench {
    private static final int PROCESSES_PER_HOST = 20;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration STALL = Duration.ofSeconds(90);

    /**
     * @param latencyRate        samples per second sent during the latency phase
     * @param transactionVersion the broker's transaction.version feature to set first (null: leave the broker's default)
     * @param ingestOnly         also run the ingest-only streams app over the backlog, after everything else
     */
    record Settings(long samples, int processes, int partitions, Duration step, long seed, Duration latencyPhase, int latencyRate,
                    DetectorSettings detector, Short transactionVersion, RecordForm form, int streamThreads, boolean ingestOnly) {
        Settings {
            if (streamThreads < 1) {
                throw new IllegalArgumentException("--stream-threads must be positive, got " + streamThreads);
            }
            if (form == null) {
                throw new IllegalArgumentException("a record form is required");
            }
            if (samples < 1_000) {
                throw new IllegalArgumentException("--samples must be at least 1000, got " + samples);
            }
            if (processes < 1 || partitions < 1 || latencyRate < 1) {
                throw new IllegalArgumentException("--processes, --partitions and --latency-rate must be positive");
            }
            if (latencyPhase.isNegative()) {
                throw new IllegalArgumentException("--latency-phase must not be negative");
            }
        }
    }

    /** How the backlog reaches Kafka: one record per process sample, or one per host tick. */
    enum RecordForm {
        SAMPLES("samples"), HOST_TICKS("host-ticks");

        private final String flag;

        RecordForm(String flag) {
            this.flag = flag;
        }

        String flag() {
            return flag;
        }
    }

    private final Settings settings;
    private final PrintWriter progress;

    ThroughputBench(Settings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    ThroughputResult run() throws Exception {
        long started = System.nanoTime();
        say("starting a Kafka broker and a schema registry on loopback ...");
        try (LocalStack stack = LocalStack.start()) {
            return measure(stack, started);
        }
    }

    private ThroughputResult measure(LocalStack stack, long started) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        TopicNames names = TopicNames.defaults().withPrefix("bench-" + runId + ".");
        Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        TopicProvisioner.ensure(kafka, names, settings.partitions(), (short) 1);
        short transactionVersion = transactionVersion(kafka, settings.transactionVersion());
        Map<String, Object> serde = Map.of("schema.registry.url", stack.registryUrl());
        Topic<String, ProcessSample> samples = new Topic<>(names.samples(), Serdes.String(), ConfluentAvroSerde.forValues(ProcessSample.class, serde));
        Topic<String, HostTick> hostTicks = new Topic<>(names.hostTicks(), Serdes.String(), ConfluentAvroSerde.forValues(HostTick.class, serde));
        boolean ticks = settings.form() == RecordForm.HOST_TICKS;
        String backlogTopic = ticks ? names.hostTicks() : names.samples();

        int hosts = (int) Math.ceil(settings.processes() / (double) PROCESSES_PER_HOST);
        int perHost = Math.min(PROCESSES_PER_HOST, settings.processes());
        long liveSamples = (long) settings.latencyRate() * settings.latencyPhase().toSeconds();
        long fleetTicks = (settings.samples() + liveSamples) / ((long) hosts * perHost) * 2 + 10;
        // event time ends now: samples older than the topic's retention (7 days by default) would be deleted by the
        // broker's retention check in the middle of the run, and the app would find nothing left to read
        Duration span = settings.step().multipliedBy(fleetTicks);
        FleetSpec spec = FleetSpec.benchmark(hosts, perHost, span, settings.step(), settings.seed())
                .withStart(Instant.ofEpochMilli(System.currentTimeMillis()).minus(span));
        FleetSimulation fleet = new FleetSimulation(spec);
        Set<String> tracked = new HashSet<>();

        // 1. the backlog
        say(String.format(Locale.ROOT, "producing %,d samples of %d hosts x %d processes to %s (%d partitions, %s) ...",
                settings.samples(), hosts, perHost, backlogTopic, settings.partitions(),
                ticks ? "one record per host tick" : "one record per sample"));
        AtomicReference<Exception> sendError = new AtomicReference<>();
        org.apache.kafka.clients.producer.Callback failed = (metadata, error) -> {
            if (error != null) {
                sendError.compareAndSet(null, error);
            }
        };
        long produceStart = System.nanoTime();
        if (ticks) {
            try (Producer<String, HostTick> producer = KafkaSamples.producer(kafka, hostTicks)) {
                HostTickBatcher batcher = new HostTickBatcher();
                produceBacklog(fleet, tracked, sample -> {
                    HostTick closed = batcher.add(sample);
                    if (closed != null) {
                        producer.send(KafkaSamples.record(hostTicks, closed), failed);
                    }
                });
                HostTick last = batcher.flush();
                if (last != null) {
                    producer.send(KafkaSamples.record(hostTicks, last), failed);
                }
                producer.flush();
            }
        } else {
            try (Producer<String, ProcessSample> producer = KafkaSamples.producer(kafka, samples)) {
                produceBacklog(fleet, tracked, sample -> producer.send(KafkaSamples.record(samples, sample), failed));
                producer.flush();
            }
        }
        double produceSeconds = seconds(produceStart);
        if (sendError.get() != null) {
            throw new IllegalStateException("producing the backlog failed: " + sendError.get().getMessage(), sendError.get());
        }

        // 2. a bare consumer that only deserialises
        say("reading them back with a bare consumer (deserialise only) ...");
        double consumerSeconds = ticks
                ? consumeAll(kafka, names.hostTicks(), hostTicks.valueSerde().deserializer(), tick -> tick.getSamples().size())
                : consumeAll(kafka, names.samples(), ConfluentAvroSerde.forValues(ProcessSample.class, serde).deserializer(), sample -> 1);

        // 3. the streams app, exactly-once, over the backlog
        TimedSources sources = TimedSources.of(names, serde, ticks, settings.samples());
        TimedDeserializer<ProcessSample> timedSampleRecords = sources.sampleRecords();
        TimedDeserializer<?> timed = sources.timed();
        Topic<String, LeakIncident> incidents = new Topic<>(names.incidents(), Serdes.String(), ConfluentAvroSerde.forValues(LeakIncident.class, serde));
        String applicationId = "leakwatch-bench-" + runId;
        Path stateDir = TempDirs.create("leakwatch-bench-state-");
        try {
            StreamsAppSettings appSettings = new StreamsAppSettings(applicationId, stack.bootstrapServers(), stateDir, names,
                    Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads())),
                    Duration.ofSeconds(60));
            String guarantee = String.valueOf(appSettings.streamsConfig().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
            say("processing them with the streams app (" + guarantee + ") ...");
            Topic<String, ProcessSample> deadLetters = new Topic<>(names.deadLetters(), Serdes.String(),
                    ConfluentAvroSerde.forValues(ProcessSample.class, serde));
            StreamsApp app = new StreamsApp(LeakwatchTopology.build(sources.samples(), sources.hostTicks(), incidents, deadLetters,
                    settings.detector()), appSettings);
            double steadySeconds;
            double steadyCpuSeconds;
            double drainSeconds;
            Percentiles pickup;
            Percentiles incidentLatency;
            long incidentCount;
            try {
                long appStart = System.nanoTime();
                app.start();
                awaitCondition(() -> timed.targetReachedNanos() != 0, timed::count, app, "the streams app to take up every sample");
                steadySeconds = (timed.targetReachedNanos() - timed.firstNanos()) / 1e9;
                steadyCpuSeconds = cpuSecondsOfOneThread(timed);
                awaitLagZero(kafka, applicationId, backlogTopic, app, timed::count);
                drainSeconds = seconds(appStart);

                // 4. latency at a steady, paced rate
                LatencyPhase live = new LatencyPhase(kafka, samples, incidents, fleet);
                say(String.format(Locale.ROOT, "latency phase: %,d samples/s for %d s ...", settings.latencyRate(), settings.latencyPhase().toSeconds()));
                // the paced phase sends single samples in either form: its latency is per sample
                live.run(settings.latencyRate(), settings.latencyPhase(),
                        () -> awaitLagZero(kafka, applicationId, names.samples(), app, timedSampleRecords::count));
                pickup = Percentiles.of(timedSampleRecords.latencies());
                incidentLatency = Percentiles.of(live.incidentLatencies());
                incidentCount = live.incidents();
            } finally {
                app.close();
            }

            // 5. state
            say("measuring state ...");
            long[] live = liveChangelogBytes(kafka, applicationId);
            long onDisk = directoryBytes(stateDir);
            long logBytes = changelogLogBytes(kafka, applicationId);
            SteadyState ingestOnly = settings.ingestOnly() ? ingestOnlySteadyState(stack, names, serde, runId)
                    : new SteadyState(Double.NaN, Double.NaN);
            return new ThroughputResult(settings.samples(), settings.partitions(), settings.form().flag(), spec.processes(), tracked.size(), guarantee,
                    transactionVersion,
                    produceSeconds, consumerSeconds, steadySeconds, steadyCpuSeconds, drainSeconds, settings.latencyRate(), settings.latencyPhase().toSeconds(),
                    pickup, incidentLatency, incidentCount, live[0], live[1], onDisk, logBytes, ingestOnly.seconds(), ingestOnly.cpuSeconds(), seconds(started));
        } finally {
            TempDirs.deleteQuietly(stateDir);
        }
    }

    /**
     * The ceiling for a streams app here: the same settings (exactly-once v2), topics, serdes,
     * host-tick split and validation over the same backlog, but no detection and no state store
     * ({@link LeakwatchTopology#buildIngestOnly}), timed like the app.
     */
    private SteadyState ingestOnlySteadyState(LocalStack stack, TopicNames names, Map<String, Object> serde, String runId) throws Exception {
        boolean ticks = settings.form() == RecordForm.HOST_TICKS;
        TimedSources sources = TimedSources.of(names, serde, ticks, settings.samples());
        TimedDeserializer<?> timed = sources.timed();
        Topic<String, ProcessSample> deadLetters = new Topic<>(names.deadLetters(), Serdes.String(),
                ConfluentAvroSerde.forValues(ProcessSample.class, serde));
        Path stateDir = TempDirs.create("leakwatch-bench-ingest-only-state-");
        try {
            StreamsAppSettings appSettings = new StreamsAppSettings("leakwatch-bench-ingest-only-" + runId, stack.bootstrapServers(),
                    stateDir, names, Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads())),
                    Duration.ofSeconds(60));
            say("baseline: the same backlog through an ingest-only streams app ("
                    + appSettings.streamsConfig().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) + ", no detection, no state) ...");
            StreamsApp app = new StreamsApp(LeakwatchTopology.buildIngestOnly(sources.samples(), sources.hostTicks(), deadLetters,
                    settings.detector()), appSettings);
            try {
                app.start();
                awaitCondition(() -> timed.targetReachedNanos() != 0, timed::count, app, "the ingest-only app to take up every sample");
                return new SteadyState((timed.targetReachedNanos() - timed.firstNanos()) / 1e9, cpuSecondsOfOneThread(timed));
            } finally {
                app.close();
            }
        } finally {
            TempDirs.deleteQuietly(stateDir);
        }
    }

    /** From taking up the first backlog sample to the last: wall seconds, and the stream thread's CPU seconds (NaN: not measured). */
    private record SteadyState(double seconds, double cpuSeconds) {
    }

    /** The stream thread's CPU seconds over the steady state; NaN with more than one stream thread (it would be one thread's share). */
    private double cpuSecondsOfOneThread(TimedDeserializer<?> timed) {
        return settings.streamThreads() == 1 ? timed.cpuSecondsToTarget() : Double.NaN;
    }

    /** Takes the backlog's samples from the fleet, noting each incarnation, and hands them to {@code send}. */
    private void produceBacklog(FleetSimulation fleet, Set<String> tracked, java.util.function.Consumer<ProcessSample> send) {
        for (long i = 0; i < settings.samples(); i++) {
            ProcessSample sample = fleet.next();
            tracked.add(ProcessKey.of(sample));
            send.accept(sample);
        }
    }

    /** Sets the broker's transaction.version feature when asked to, and returns the one in force. */
    private short transactionVersion(Map<String, Object> kafka, Short wanted) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            if (wanted != null) {
                say("setting the broker's transaction.version to " + wanted);
                short current = finalizedTransactionVersion(admin);
                FeatureUpdate.UpgradeType type = wanted < current ? FeatureUpdate.UpgradeType.SAFE_DOWNGRADE : FeatureUpdate.UpgradeType.UPGRADE;
                admin.updateFeatures(Map.of("transaction.version", new FeatureUpdate(wanted, type)), new UpdateFeaturesOptions())
                        .all().get(30, TimeUnit.SECONDS);
            }
            return finalizedTransactionVersion(admin);
        }
    }

    private static short finalizedTransactionVersion(Admin admin) throws Exception {
        FinalizedVersionRange range = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                .finalizedFeatures().get("transaction.version");
        return range == null ? 0 : range.maxVersionLevel();
    }

    /** Reads every record of the topic from the beginning; returns the seconds from the first poll to the last record. */
    private <V> double consumeAll(Map<String, Object> kafka, String topic, Deserializer<V> values, ToIntFunction<V> samplesIn) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long read = 0;
            long checksum = 0;
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            while (read < settings.samples()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare consumer read only " + read + " samples in " + PHASE_TIMEOUT);
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    int samples = samplesIn.applyAsInt(record.value());
                    checksum += samples;
                    read += samples;
                }
            }
            double elapsed = seconds(start);
            if (checksum == Long.MIN_VALUE) {
                say("(unreachable: keeps the deserialised values alive)");
            }
            return elapsed;
        }
    }

    /** Waits until the application's committed offsets reach the end of every samples partition. */
    private void awaitLagZero(Map<String, Object> kafka, String applicationId, String topic, StreamsApp app,
                              java.util.function.LongSupplier progress) {
        try (Admin admin = Admin.create(kafka)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            awaitCondition(() -> {
                try {
                    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    long lag = 0;
                    for (TopicPartition tp : partitions) {
                        OffsetAndMetadata done = committed.get(tp);
                        lag += ends.get(tp).offset() - (done == null ? 0 : done.offset());
                    }
                    return lag == 0;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read consumer-group lag: " + e.getMessage(), e);
                }
            }, progress, app, "consumer-group lag 0");
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** Waits for {@code condition}; fails when the app stops, or when {@code progress} has not moved for {@link #STALL}. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition, java.util.function.LongSupplier progress, StreamsApp app,
                                       String what) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        long lastProgress = progress.getAsLong();
        long lastMoved = System.nanoTime();
        while (!condition.getAsBoolean()) {
            long now = progress.getAsLong();
            if (now != lastProgress) {
                lastProgress = now;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > STALL.toNanos()) {
                throw new IllegalStateException("the streams app made no progress for " + STALL.toSeconds() + " s while waiting for "
                        + what + " (" + now + " samples taken up so far)");
            }
            if (app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the streams app stopped (" + app.state() + ") while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + PHASE_TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Latest value per key over every changelog topic of the app: {bytes of keys and values, keys}. */
    private static long[] liveChangelogBytes(Map<String, Object> kafka, String applicationId) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<ByteBuffer, Integer> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : changelogs(kafka, applicationId)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("timed out reading changelog " + topic);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        ByteBuffer key = ByteBuffer.wrap(concat(topic, record.key()));
                        if (record.value() == null) {
                            latest.remove(key);
                        } else {
                            latest.put(key, record.key().length + record.value().length);
                        }
                    }
                }
            }
        }
        return new long[] {latest.values().stream().mapToLong(Integer::longValue).sum(), latest.size()};
    }

    private static byte[] concat(String topic, byte[] key) {
        byte[] prefix = (topic + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] joined = new byte[prefix.length + key.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(key, 0, joined, prefix.length, key.length);
        return joined;
    }

    private static List<String> changelogs(Map<String, Object> kafka, String applicationId) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-changelog")).sorted().toList();
        }
    }

    /** Bytes of the app's changelog partitions in the broker's log dirs (every update, not compacted yet). */
    private static long changelogLogBytes(Map<String, Object> kafka, String applicationId) throws Exception {
        List<String> topics = changelogs(kafka, applicationId);
        try (Admin admin = Admin.create(kafka)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
            long total = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (topics.contains(replica.getKey().topic())) {
                            total += replica.getValue().size();
                        }
                    }
                }
            }
            return total;
        }
    }

    private static long directoryBytes(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException vanished) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
    }

    private void say(String message) {
        progress.println("bench throughput: " + message);
        progress.flush();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Sends samples at a steady rate, each stamped with its send time in a header, while a
     * read_committed consumer watches the incident topic; an incident's latency is from the send of
     * the sample it was decided on (same process, same timestamp) to its arrival.
     */
    private static final class LatencyPhase {
        private final Map<String, Object> kafka;
        private final Topic<String, ProcessSample> samples;
        private final Topic<String, LeakIncident> incidents;
        private final FleetSimulation fleet;
        private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
        private final List<Long> latencies = new ArrayList<>();
        private long incidentCount;

        LatencyPhase(Map<String, Object> kafka, Topic<String, ProcessSample> samples, Topic<String, LeakIncident> incidents, FleetSimulation fleet) {
            this.kafka = kafka;
            this.samples = samples;
            this.incidents = incidents;
            this.fleet = fleet;
        }

        void run(int rate, Duration length, Runnable awaitDrained) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Exception> watcherError = new AtomicReference<>();
            java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);
            Thread watcher = new Thread(() -> {
                try {
                    watch(stop, watching);
                } catch (Exception e) {
                    watcherError.set(e);
                    watching.countDown();
                }
            }, "bench-incident-watcher");
            watcher.start();
            watching.await(30, TimeUnit.SECONDS);
            long total = rate * length.toSeconds();
            long start = System.nanoTime();
            try (Producer<String, ProcessSample> producer = KafkaSamples.producer(kafka, samples)) {
                for (long i = 0; i < total && fleet.hasNext(); i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long ahead = due - System.nanoTime();
                    if (ahead > 1_000_000) {
                        Thread.sleep(ahead / 1_000_000);
                    }
                    ProcessSample sample = fleet.next();
                    long now = System.nanoTime();
                    sentNanos.put(ProcessKey.of(sample) + "@" + sample.getTimestamp().toEpochMilli(), now);
                    ProducerRecord<String, ProcessSample> record = KafkaSamples.record(samples, sample);
                    record.headers().add(TimedDeserializer.SENT_HEADER, TimedDeserializer.sentHeader(now));
                    producer.send(record);
                }
                producer.flush();
            }
            awaitDrained.run();
            // exactly-once output becomes visible at the next commit (commit.interval.ms 1000 in the app's settings)
            Thread.sleep(3_000);
            stop.set(true);
            watcher.join(30_000);
            if (watcherError.get() != null) {
                throw watcherError.get();
            }
        }

        private void watch(AtomicBoolean stop, java.util.concurrent.CountDownLatch watching) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, LeakIncident> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    incidents.valueSerde().deserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(incidents.name()).stream()
                        .map(p -> new TopicPartition(incidents.name(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                watching.countDown();
                while (!stop.get()) {
                    for (ConsumerRecord<String, LeakIncident> record : consumer.poll(Duration.ofMillis(100))) {
                        long arrived = System.nanoTime();
                        LeakIncident incident = record.value();
                        Long sent = sentNanos.get(ProcessKey.of(incident.getHost(), incident.getPid(), incident.getStartTime().toEpochMilli())
                                + "@" + incident.getEventTime().toEpochMilli());
                        synchronized (latencies) {
                            incidentCount++;
                            if (sent != null) {
                                latencies.add(arrived - sent);
                            }
                        }
                    }
                }
            }
        }

        long[] incidentLatencies() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }
        }

        long incidents() {
            synchronized (latencies) {
                return incidentCount;
            }
        }
    }
}
