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
        if (keyBytes == null) {
            throw new IllegalArgumentException("a sample needs a key host/pid/start_time to be partitioned by host");
        }
        return partitionOfKeyBytes(keyBytes, partitions);
    }

    /** The host is the UTF-8 bytes before the first '/': no decoding needed, whatever type the key had. */
    static int partitionOfKeyBytes(byte[] keyBytes, int partitions) {
        int hostLength = 0;
        while (hostLength < keyBytes.length && keyBytes[hostLength] != '/') {
            hostLength++;
        }
        byte[] host = hostLength == keyBytes.length ? keyBytes : java.util.Arrays.copyOf(keyBytes, hostLength);
        return Utils.toPositive(Utils.murmur2(host)) % partitions;
    }

    /** The partition of a key's host among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(ProcessKey.hostOf(key).getBytes(StandardCharsets.UTF_8))) % partitions;
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
