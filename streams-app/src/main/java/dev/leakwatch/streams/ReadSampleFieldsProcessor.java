package dev.leakwatch.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import dev.leakwatch.detect.Reading;
import dev.leakwatch.schema.ProcessSample;

/**
 * The end of the ingest-only topology ({@link LeakwatchTopology#buildIngestOnly}): turns each sample
 * into the detector's readings ({@link SampleReadings}), as the app does, reads its labels, and folds
 * them into a checksum, and nothing else. No state, no output: what is left of a record's cost is
 * Kafka Streams' own (exactly-once, polling, the task loop) plus deserialising, splitting and
 * validating.
 */
final class ReadSampleFieldsProcessor implements Processor<String, ProcessSample, Void, Void> {
    private long checksum;

    @Override
    public void process(Record<String, ProcessSample> record) {
        ProcessSample sample = record.value();
        long sum = record.key().length() + sample.getTimestamp().toEpochMilli() + sample.getHost().length()
                + sample.getComm().length() + (sample.getService() == null ? 0 : sample.getService().length())
                + (sample.getVersion() == null ? 0 : sample.getVersion().length());
        for (Reading reading : SampleReadings.of(sample)) {
            sum += reading.value() + reading.limit();
        }
        checksum += sum;
    }

    /** Keeps the reads from being optimised away. */
    long checksum() {
        return checksum;
    }
}
