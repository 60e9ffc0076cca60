package dev.leakwatch.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The agent on one host: samples every process once per tick and publishes the samples. A tick
 * that fails is logged and counted and the next one runs as scheduled.
 */
public final class HostAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ProcessSampler sampler;
    private final SamplePublisher publisher;
    private final Duration tickInterval;
    private final Duration summaryEvery;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final LongAdder ticks = new LongAdder();
    private final LongAdder failedTicks = new LongAdder();
    private final LongAdder tickCpuNanos = new LongAdder();
    private final LongAdder tickNanos = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<SamplerTick> lastTick = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final Instant createdAt;
    private volatile long lastTickNanos;
    private volatile long lastTickCpuNanos;
    private volatile Timer tickTimer;
    private boolean lastTickFailed;
    private Instant lastSummary;

    HostAgent(ProcessSampler sampler, SamplePublisher publisher, Duration tickInterval, Clock clock) {
        this(sampler, publisher, tickInterval, AgentSettings.DEFAULT_SUMMARY_EVERY, clock);
    }

    HostAgent(ProcessSampler sampler, SamplePublisher publisher, Duration tickInterval, Duration summaryEvery, Clock clock) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.tickInterval = tickInterval;
        this.summaryEvery = summaryEvery;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "leakwatch-agent-tick");
            // the caller's main thread decides when the JVM ends, and calls close() first
            thread.setDaemon(true);
            return thread;
        });
        this.createdAt = clock.instant();
        this.lastSummary = createdAt;
    }

    /**
     * An agent that reads the processes described by {@code settings} and publishes them with a
     * producer built from {@code producerConfig} (at least {@code bootstrap.servers}) to {@code topic},
     * whose serdes must be configured already.
     */
    public static HostAgent create(AgentSettings settings, Map<String, ?> producerConfig, Topic<String, ProcessSample> topic) {
        final ProcessSampler sampler = new ProcessSampler(settings);
        return new HostAgent(sampler, new SamplePublisher(producerConfig, topic, settings.bufferBytes()), settings.tickInterval(),
                settings.summaryEvery(), Clock.systemUTC());
    }

    /**
     * Like {@link #create}, but each tick goes out as one {@code HostTick} record keyed by host on
     * {@code topic} (the host-ticks topic): Kafka's per-record cost is paid once per tick.
     */
    public static HostAgent createPublishingHostTicks(AgentSettings settings, Map<String, ?> producerConfig, Topic<String, HostTick> topic) {
        final ProcessSampler sampler = new ProcessSampler(settings);
        return new HostAgent(sampler, SamplePublisher.ofHostTicks(producerConfig, topic, settings.bufferBytes()), settings.tickInterval(),
                settings.summaryEvery(), Clock.systemUTC());
    }

    /** Starts ticking now and then every tick interval, on a daemon thread. Call once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the agent for host " + sampler.host() + " was started already");
        }
        LOG.info("agent for host {} publishing to {} every {} ms", sampler.host(), publisher.topicName(), tickInterval.toMillis());
        executor.scheduleAtFixedRate(this::scheduledTick, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Samples every process and hands the samples to the publisher, without waiting for the broker.
     *
     * @return the number of samples published
     * @throws IOException when the proc root cannot be read
     */
    public synchronized int tickOnce() throws IOException {
        final Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        final long startNanos = System.nanoTime();
        final long startCpu = THREADS.getCurrentThreadCpuTime();
        try {
            final SamplerTick tick = sampler.tick(now);
            publisher.publish(tick.samples());
            lastTick.set(tick);
            lastSuccess.set(clock.instant());
            return tick.samples().size();
        } catch (IOException | RuntimeException e) {
            failedTicks.increment();
            throw e;
        } finally {
            ticks.increment();
            final long elapsed = System.nanoTime() - startNanos;
            final long cpu = Math.max(0, THREADS.getCurrentThreadCpuTime() - startCpu);
            lastTickNanos = elapsed;
            lastTickCpuNanos = cpu;
            tickNanos.add(elapsed);
            tickCpuNanos.add(cpu);
            if (tickTimer != null) {
                tickTimer.record(elapsed, TimeUnit.NANOSECONDS);
            }
        }
    }

    public String host() {
        return sampler.host();
    }

    public long ticks() {
        return ticks.sum();
    }

    public long failedTicks() {
        return failedTicks.sum();
    }

    public ReadErrorCounters readErrors() {
        return sampler.errors();
    }

    /** What the last successful tick saw, or null before one. */
    public SamplerTick lastTick() {
        return lastTick.get();
    }

    /** Samples serialized and queued for the broker. */
    public long samplesPublished() {
        return publisher.published();
    }

    /** Samples the broker acknowledged. */
    public long samplesSent() {
        return publisher.sent();
    }

    /** Samples that could not be serialized or that the broker refused for good. */
    public long samplesFailed() {
        return publisher.failed();
    }

    /** Samples dropped unsent: the oldest when the buffer was full during an outage, and those left at shutdown. */
    public long samplesDropped() {
        return publisher.dropped();
    }

    /** Bytes of samples waiting for the broker. */
    public long bufferedBytes() {
        return publisher.bufferedBytes();
    }

    /** CPU time the tick thread spent in the last tick. */
    public Duration lastTickCpu() {
        return Duration.ofNanos(lastTickCpuNanos);
    }

    /**
     * Healthy while ticks succeed: the last success is less than three intervals old (and, before the
     * first tick, the agent started less than three intervals ago).
     */
    public boolean isHealthy() {
        final Instant since = lastSuccess.get() != null ? lastSuccess.get() : createdAt;
        return Duration.between(since, clock.instant()).compareTo(tickInterval.multipliedBy(3).plusSeconds(1)) < 0;
    }

    /** Exposes the agent's counters as {@code leakwatch_agent_*} meters. */
    public void bindTo(MeterRegistry registry) {
        tickTimer = Timer.builder("leakwatch.agent.tick.duration").description("wall time of sampling ticks").register(registry);
        FunctionCounter.builder("leakwatch.agent.ticks", this, HostAgent::ticks).description("sampling ticks run").register(registry);
        FunctionCounter.builder("leakwatch.agent.tick.failures", this, HostAgent::failedTicks).description("ticks that failed").register(registry);
        FunctionCounter.builder("leakwatch.agent.tick.cpu", tickCpuNanos, adder -> adder.sum() / 1e9).baseUnit("seconds")
                .description("CPU time of the tick thread").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.published", this, HostAgent::samplesPublished)
                .description("samples serialized and queued").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.sent", this, HostAgent::samplesSent)
                .description("samples the broker acknowledged").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.failed", this, HostAgent::samplesFailed)
                .description("samples not serializable or refused by the broker").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.dropped", this, HostAgent::samplesDropped)
                .description("samples dropped unsent: the oldest when the buffer was full, and those left at shutdown").register(registry);
        Gauge.builder("leakwatch.agent.buffer.bytes", publisher, SamplePublisher::bufferedBytes).baseUnit("bytes")
                .description("bytes of samples waiting for the broker").register(registry);
        Gauge.builder("leakwatch.agent.buffer.in.flight", publisher, SamplePublisher::inFlightBytes).baseUnit("bytes")
                .description("bytes of samples handed to the producer and not acknowledged").register(registry);
        Gauge.builder("leakwatch.agent.buffer.capacity", publisher, SamplePublisher::bufferCapacityBytes).baseUnit("bytes")
                .description("how many bytes of samples may wait").register(registry);
        Gauge.builder("leakwatch.agent.processes", this, agent -> lastTickValue(SamplerTick::processes)).tag("stage", "listed")
                .description("processes at the last tick, by stage").register(registry);
        Gauge.builder("leakwatch.agent.processes", this, agent -> lastTickValue(tick -> tick.samples().size())).tag("stage", "sampled")
                .register(registry);
        Gauge.builder("leakwatch.agent.processes", this, agent -> lastTickValue(SamplerTick::filtered)).tag("stage", "filtered")
                .register(registry);
        Gauge.builder("leakwatch.agent.processes", this, agent -> lastTickValue(SamplerTick::capped)).tag("stage", "capped")
                .register(registry);
        Gauge.builder("leakwatch.agent.network.namespaces", this, agent -> lastTickValue(SamplerTick::networkNamespaces))
                .description("network namespaces whose socket tables the last tick read").register(registry);
        Gauge.builder("leakwatch.agent.host.sockets", this, agent -> lastTickValue(SamplerTick::hostTcpTimeWait))
                .tags("protocol", "tcp", "state", "time_wait")
                .description("sockets of the host at the last tick (TIME_WAIT belongs to no process)").register(registry);
        Gauge.builder("leakwatch.agent.host.sockets", this, agent -> lastTickValue(SamplerTick::hostTcpSockets))
                .tags("protocol", "tcp", "state", "all").register(registry);
        Gauge.builder("leakwatch.agent.host.sockets", this, agent -> lastTickValue(SamplerTick::hostUdpSockets))
                .tags("protocol", "udp", "state", "all").register(registry);
        Gauge.builder("leakwatch.agent.host.sockets", this, agent -> lastTickValue(SamplerTick::hostUnixSockets))
                .tags("protocol", "unix", "state", "all").register(registry);
        Gauge.builder("leakwatch.agent.last.success", this, agent -> lastSuccess.get() == null ? 0 : lastSuccess.get().toEpochMilli() / 1e3)
                .baseUnit("seconds").description("when the last tick succeeded, in seconds since the epoch").register(registry);
        final ReadErrorCounters errors = sampler.errors();
        FunctionCounter.builder("leakwatch.agent.processes.vanished", errors, ReadErrorCounters::vanished)
                .description("processes that exited while being read").register(registry);
        FunctionCounter.builder("leakwatch.agent.kernel.threads.skipped", errors, ReadErrorCounters::kernelThreadsSkipped)
                .description("kernel threads passed over").register(registry);
        for (ProcFile file : ProcFile.values()) {
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.permissionDenied(file))
                    .tags("file", file.label(), "kind", "permission_denied").description("reads of /proc that failed, by file and kind")
                    .register(registry);
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.malformed(file))
                    .tags("file", file.label(), "kind", "malformed").register(registry);
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.otherIoErrors(file))
                    .tags("file", file.label(), "kind", "io_error").register(registry);
        }
    }

    private double lastTickValue(ToIntFunction<SamplerTick> value) {
        final SamplerTick tick = lastTick.get();
        return tick == null ? 0 : value.applyAsInt(tick);
    }

    /**
     * Stops ticking (waiting for a tick in progress), releases the files the sampler holds open, then
     * closes the publisher, which sends what it buffered for up to {@code timeout}. A bare flush could wait forever while the broker is away.
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (executor.isTerminated()) {
            // a tick that would not stop still uses the sampler; its files go when the JVM does
            sampler.close();
        }
        publisher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        LOG.info("agent for host {} closed: {}", sampler.host(), summary());
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    private void scheduledTick() {
        try {
            tickOnce();
            if (lastTickFailed) {
                LOG.info("ticks work again after {} failures in all", failedTicks());
                lastTickFailed = false;
            }
        } catch (Exception e) {
            if (!lastTickFailed) {
                LOG.warn("tick failed; retrying every {} ms", tickInterval.toMillis(), e);
            } else {
                LOG.warn("tick failed again: {}", e.toString());
            }
            lastTickFailed = true;
        } finally {
            logSummaryNowAndThen();
        }
    }

    private void logSummaryNowAndThen() {
        final Instant now = clock.instant();
        if (Duration.between(lastSummary, now).compareTo(summaryEvery) >= 0) {
            lastSummary = now;
            LOG.info("agent for host {}: {}", sampler.host(), summary());
        }
    }

    /** The periodic log line: the same numbers as /metrics, for hosts nobody scrapes. */
    String summary() {
        final SamplerTick tick = lastTick.get();
        final StringBuilder line = new StringBuilder()
                .append("ticks=").append(ticks()).append(" failed_ticks=").append(failedTicks());
        if (tick != null) {
            line.append(" processes=").append(tick.processes()).append(" sampled=").append(tick.samples().size())
                    .append(" filtered=").append(tick.filtered()).append(" capped=").append(tick.capped())
                    .append(" netns=").append(tick.networkNamespaces()).append(" host_time_wait=").append(tick.hostTcpTimeWait());
        }
        line.append(" last_tick_ms=").append(String.format(Locale.ROOT, "%.1f", lastTickNanos / 1e6))
                .append(" last_tick_cpu_ms=").append(String.format(Locale.ROOT, "%.1f", lastTickCpuNanos / 1e6))
                .append(" samples_published=").append(samplesPublished()).append(" sent=").append(samplesSent())
                .append(" failed=").append(samplesFailed()).append(" dropped=").append(samplesDropped())
                .append(" buffered_bytes=").append(bufferedBytes())
                .append(" permission_denied=").append(sampler.errors().permissionDeniedTotal())
                .append(" read_errors=").append(sampler.errors());
        return line.toString();
    }
}
