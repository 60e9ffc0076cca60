package dev.leakwatch.agent;

import java.time.Instant;

import org.apache.kafka.common.serialization.Serdes;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;

final class TestSamples {
    private TestSamples() {
    }

    static Topic<String, ProcessSample> topic(String name) {
        return new Topic<>(name, Serdes.String(), AvroSerdeForTests.processSamples());
    }

    static ProcessSample sample(int pid, long startMillis, long timestampMillis) {
        return ProcessSample.newBuilder()
                .setHost("web-17")
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(startMillis))
                .setTimestamp(Instant.ofEpochMilli(timestampMillis))
                .setComm("chat_server")
                .setRssBytes(524_288_000L)
                .setFdCount(120)
                .build();
    }
}
