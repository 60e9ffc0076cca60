package dev.leakwatch.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.LeakFinding;
import dev.leakwatch.detect.ProcessTrends;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;

/**
 * Thin adapter between Kafka Streams and the detector: loads a process's trends from the store,
 * feeds it the sample at the record's event time, saves it, and forwards one incident per finding
 * keyed by incident id.
 */
final class DetectLeaksProcessor implements Processor<String, ProcessSample, String, LeakIncident> {
    private final String storeName;
    private final DetectorSettings settings;
    private ProcessorContext<String, LeakIncident> context;
    private KeyValueStore<String, ProcessTrends> store;

    DetectLeaksProcessor(String storeName, DetectorSettings settings) {
        this.storeName = storeName;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, LeakIncident> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ProcessSample> record) {
        ProcessSample sample = record.value();
        if (sample == null || record.key() == null) {
            return;
        }
        ProcessTrends trends = store.get(record.key());
        if (trends == null) {
            trends = new ProcessTrends(settings);
        }
        long eventTime = sample.getTimestamp().toEpochMilli();
        for (LeakFinding finding : trends.observe(eventTime, SampleReadings.of(sample))) {
            LeakIncident incident = Incidents.opened(sample, finding);
            context.forward(new Record<>(incident.getIncidentId(), incident, eventTime));
        }
        store.put(record.key(), trends);
    }
}
