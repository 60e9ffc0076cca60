package dev.leakwatch.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

/**
 * The end of the ingest-only topology ({@link LeakwatchTopology#buildIngestOnly}): reads every field
 * the detector reads from each sample and folds them into a checksum, and nothing else. No state,
 * no output: what is left of a record's cost is Kafka Streams' own (exactly-once, polling, the
 * task loop) plus deserialising, splitting and validating.
 */
final class ReadSampleFieldsProcessor implements Processor<String, ProcessSample, Void, Void> {
    private long checksum;

    @Override
    public void process(Record<String, ProcessSample> record) {
        ProcessSample sample = record.value();
        long sum = record.key().length() + sample.getTimestamp().toEpochMilli() + sample.getHost().length()
                + sample.getComm().length() + (sample.getService() == null ? 0 : sample.getService().length())
                + (sample.getVersion() == null ? 0 : sample.getVersion().length())
                + orZero(sample.getRssBytes()) + orZero(sample.getMemoryLimitBytes()) + orZero(sample.getFdCount())
                + orZero(sample.getFdLimit()) + orZero(sample.getThreads()) + orZero(sample.getThreadLimit());
        TcpStateCounts tcp = sample.getTcp();
        if (tcp != null) {
            sum += tcp.getCloseWait() + tcp.getEstablished();
        }
        checksum += sum;
    }

    /** Keeps the reads from being optimised away. */
    long checksum() {
        return checksum;
    }

    private static long orZero(Number value) {
        return value == null ? 0 : value.longValue();
    }
}
