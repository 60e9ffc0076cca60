package dev.leakwatch.topic;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every sample of one host on one partition, whatever its process: keys stay
 * {@code host/pid/start_time}, but the partition is chosen from the host alone (murmur2, as
 * Kafka's default partitioner does for whole keys). One stream task then sees all of a host's
 * processes, so it can tell a process that exited (its host kept reporting without it) from an
 * agent that went silent, and a restarted process lands where its predecessor was.
 */
public final class HostPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        return partitionOf(String.valueOf(key), partitions);
    }

    /** The partition of a key's host among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        int slash = key.indexOf('/');
        String host = slash < 0 ? key : key.substring(0, slash);
        return Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }
}
