package dev.leakwatch.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;

/**
 * Opens a host tick into its process samples, keyed {@code host/pid/start_time} as on the samples
 * topic, and passes them to the same validation. A sample whose host is not the tick's key went to
 * the partition of another host, so it goes to the dead-letter topic with the reason; so does a
 * tick without a key, sample by sample. An empty tick (a host with no selected process) forwards
 * nothing.
 */
final class SplitHostTicksProcessor implements Processor<String, HostTick, String, ProcessSample> {
    private final String samplesChild;
    private final String invalidChild;
    private ProcessorContext<String, ProcessSample> context;

    SplitHostTicksProcessor(String samplesChild, String invalidChild) {
        this.samplesChild = samplesChild;
        this.invalidChild = invalidChild;
    }

    @Override
    public void init(ProcessorContext<String, ProcessSample> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, HostTick> record) {
        HostTick tick = record.value();
        if (tick == null) {
            return; // a tombstone carries no samples
        }
        for (ProcessSample sample : tick.getSamples()) {
            String key = ProcessKey.of(sample);
            long time = sample.getTimestamp().toEpochMilli();
            if (sample.getHost().equals(record.key())) {
                context.forward(new Record<>(key, sample, time, record.headers()), samplesChild);
            } else {
                String problem = "sample of host " + sample.getHost() + " inside a tick keyed by host " + record.key()
                        + ": the tick's key decides the partition, so its samples must all be of that host";
                context.forward(ValidateSamplesProcessor.withReason(new Record<>(key, sample, time, record.headers()), problem),
                        invalidChild);
            }
        }
    }
}
