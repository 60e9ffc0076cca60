package dev.leakwatch.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The agent on one host: samples every process once per tick and publishes the samples. A tick
 * that fails is logged and counted and the next one runs as scheduled.
 */
public final class HostAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final ProcessSampler sampler;
    private final SamplePublisher publisher;
    private final Duration tickInterval;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final LongAdder ticks = new LongAdder();
    private final LongAdder failedTicks = new LongAdder();
    private final AtomicLong lastTickProcesses = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private boolean lastTickFailed;
    private Instant lastSummary;

    HostAgent(ProcessSampler sampler, SamplePublisher publisher, Duration tickInterval, Clock clock) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.tickInterval = tickInterval;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "leakwatch-agent-tick");
            // the caller's main thread decides when the JVM ends, and calls close() first
            thread.setDaemon(true);
            return thread;
        });
        this.lastSummary = clock.instant();
    }

    /**
     * An agent that reads the processes described by {@code settings} and publishes them with a
     * producer built from {@code producerConfig} (at least {@code bootstrap.servers}) to {@code topic},
     * whose serdes must be configured already.
     */
    public static HostAgent create(AgentSettings settings, Map<String, ?> producerConfig, Topic<String, ProcessSample> topic) {
        final ProcessSampler sampler = new ProcessSampler(settings);
        return new HostAgent(sampler, new SamplePublisher(producerConfig, topic), settings.tickInterval(), Clock.systemUTC());
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
     * Samples every process and hands the samples to the producer, without waiting for the broker.
     *
     * @return the number of samples published
     * @throws IOException when the proc root cannot be read
     */
    public synchronized int tickOnce() throws IOException {
        final Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            final List<ProcessSample> samples = sampler.sample(now);
            publisher.publish(samples);
            lastTickProcesses.set(samples.size());
            return samples.size();
        } catch (IOException | RuntimeException e) {
            failedTicks.increment();
            throw e;
        } finally {
            ticks.increment();
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

    public long samplesSent() {
        return publisher.sent();
    }

    public long samplesFailed() {
        return publisher.failed();
    }

    /** Exposes the agent's counters as {@code leakwatch_agent_*} meters. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("leakwatch.agent.ticks", this, HostAgent::ticks).description("sampling ticks run").register(registry);
        FunctionCounter.builder("leakwatch.agent.tick.failures", this, HostAgent::failedTicks).description("ticks that failed").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.sent", this, HostAgent::samplesSent).description("samples the broker acknowledged").register(registry);
        FunctionCounter.builder("leakwatch.agent.samples.failed", this, HostAgent::samplesFailed).description("samples not published").register(registry);
        final ReadErrorCounters errors = sampler.errors();
        FunctionCounter.builder("leakwatch.agent.processes.vanished", errors, ReadErrorCounters::vanished)
                .description("processes that exited while being read").register(registry);
        for (ProcFile file : ProcFile.values()) {
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.permissionDenied(file))
                    .tags("file", file.label(), "kind", "permission_denied").register(registry);
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.malformed(file))
                    .tags("file", file.label(), "kind", "malformed").register(registry);
            FunctionCounter.builder("leakwatch.agent.read.errors", errors, e -> e.otherIoErrors(file))
                    .tags("file", file.label(), "kind", "io_error").register(registry);
        }
    }

    /**
     * Stops ticking (waiting for a tick in progress), then closes the producer, which sends what it
     * buffered for up to {@code timeout}. A bare flush could wait forever while the broker is away.
     */
    public void close(Duration timeout) {
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
        if (Duration.between(lastSummary, now).compareTo(SUMMARY_EVERY) >= 0) {
            lastSummary = now;
            LOG.info("agent for host {}: {}", sampler.host(), summary());
        }
    }

    private String summary() {
        return "ticks=" + ticks() + " failed_ticks=" + failedTicks() + " last_tick_processes=" + lastTickProcesses.get()
                + " samples_sent=" + samplesSent() + " samples_failed=" + samplesFailed()
                + " kernel_threads_skipped=" + sampler.errors().kernelThreadsSkipped() + " read_errors=" + sampler.errors();
    }
}
