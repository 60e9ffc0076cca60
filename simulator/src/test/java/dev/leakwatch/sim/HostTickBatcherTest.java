package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;

class HostTickBatcherTest {

    @Test
    void closesATickWhenTheHostOrTheInstantChangesAndLosesNoSample() {
        List<ProcessSample> samples = List.of(
                sample("web-1", 1, 1_000), sample("web-1", 2, 1_000),
                sample("web-2", 1, 1_000),
                sample("web-2", 1, 2_000), sample("web-2", 7, 2_000), sample("web-2", 9, 2_000));
        HostTickBatcher batcher = new HostTickBatcher();
        List<HostTick> ticks = new ArrayList<>();
        for (ProcessSample sample : samples) {
            HostTick closed = batcher.add(sample);
            if (closed != null) {
                ticks.add(closed);
            }
        }
        ticks.add(batcher.flush());

        assertThat(ticks).extracting(HostTick::getHost).containsExactly("web-1", "web-2", "web-2");
        assertThat(ticks).extracting(tick -> tick.getTimestamp().toEpochMilli()).containsExactly(1_000L, 1_000L, 2_000L);
        assertThat(ticks).flatExtracting(HostTick::getSamples).containsExactlyElementsOf(samples);
        assertThat(batcher.flush()).as("nothing left after a flush").isNull();
    }

    private static ProcessSample sample(String host, int pid, long time) {
        return ProcessSample.newBuilder().setHost(host).setPid(pid).setStartTime(Instant.ofEpochMilli(0))
                .setTimestamp(Instant.ofEpochMilli(time)).setComm("p" + pid).build();
    }
}
