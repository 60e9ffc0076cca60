package dev.leakwatch.streams.app;

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

    public StreamsApp(Topology topology, StreamsAppSettings settings) {
        this.settings = settings;
        this.streams = new KafkaStreams(topology, settings.streamsConfig());
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("streams app {} -> {}", oldState, newState);
        });
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        if (!streams.close(settings.closeTimeout())) {
            LOG.warn("streams app did not close within {}", settings.closeTimeout());
        }
    }
}
