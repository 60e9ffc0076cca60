package dev.leakwatch.streams.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of one streams-app instance: starts the topology, replaces a stream thread that dies
 * of an unexpected error, and closes with a bounded timeout.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final StreamsAppSettings settings;
    private final CountDownLatch running = new CountDownLatch(1);

    public StreamsApp(Topology topology, StreamsAppSettings settings) {
        this.settings = settings;
        this.streams = new KafkaStreams(topology, settings.streamsConfig());
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("streams app {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
            }
        });
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the app stops running (closed, or failed beyond repair). */
    public void awaitTermination() throws InterruptedException {
        running.await();
    }

    public boolean awaitRunning(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Override
    public void close() {
        if (!streams.close(settings.closeTimeout())) {
            LOG.warn("streams app did not close within {}", settings.closeTimeout());
        }
    }
}
