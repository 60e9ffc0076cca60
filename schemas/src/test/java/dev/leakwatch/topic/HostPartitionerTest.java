package dev.leakwatch.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HostPartitionerTest {

    @Test
    void everyProcessOfAHostLandsOnTheSamePartition() {
        int partition = HostPartitioner.partitionOf(ProcessKey.of("web-17", 1, 1000), 12);
        for (int pid = 2; pid < 500; pid++) {
            assertThat(HostPartitioner.partitionOf(ProcessKey.of("web-17", pid, 1000L * pid), 12)).isEqualTo(partition);
        }
    }

    @Test
    void theSerializedKeyGivesTheSamePartitionAsTheKeyItself() {
        for (int pid = 1; pid < 100; pid++) {
            String key = ProcessKey.of("db-" + pid % 7, pid, 42);
            assertThat(HostPartitioner.partitionOfKeyBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), 6))
                    .isEqualTo(HostPartitioner.partitionOf(key, 6));
        }
    }

    @Test
    void hostsSpreadOverThePartitions() {
        Set<Integer> used = new HashSet<>();
        for (int host = 0; host < 200; host++) {
            int partition = HostPartitioner.partitionOf(ProcessKey.of("host-" + host, 42, 1000), 8);
            assertThat(partition).isBetween(0, 7);
            used.add(partition);
        }
        assertThat(used).hasSize(8);
    }
}
