package dev.leakwatch.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.leakwatch.schema.ProcessSample;

/**
 * Sends usable samples on to the detector and everything else to the dead-letter topic, with the
 * reason in the {@value #REASON_HEADER} header: the app keeps running and nothing is lost.
 */
final class ValidateSamplesProcessor implements Processor<String, ProcessSample, String, ProcessSample> {
    static final String REASON_HEADER = "leakwatch.dlq.reason";

    private final String validChild;
    private final String invalidChild;
    private final long maxFutureSkewMillis;
    private ProcessorContext<String, ProcessSample> context;
    private long newestValidTime = Long.MIN_VALUE;

    ValidateSamplesProcessor(String validChild, String invalidChild, long maxFutureSkewMillis) {
        this.validChild = validChild;
        this.invalidChild = invalidChild;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    @Override
    public void init(ProcessorContext<String, ProcessSample> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ProcessSample> record) {
        String problem = SampleValidator.problem(record.key(), record.value(), newestValidTime, maxFutureSkewMillis);
        if (problem == null) {
            newestValidTime = Math.max(newestValidTime, record.value().getTimestamp().toEpochMilli());
            context.forward(record, validChild);
        } else {
            context.forward(withReason(record, problem), invalidChild);
        }
    }

    /** The record with the reason added to a copy of its headers: samples of one host tick share theirs. */
    static <K, V> Record<K, V> withReason(Record<K, V> record, String problem) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        return record.withHeaders(headers.add(REASON_HEADER, problem.getBytes(StandardCharsets.UTF_8)));
    }
}
