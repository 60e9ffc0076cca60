package dev.leakwatch.cli.sim;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code bench throughput} measured, with its table (markdown) and JSON form.
 *
 * @param trackedProcesses      process incarnations in the backlog (keys of the state store)
 * @param steadySeconds         from the stream thread taking up the first backlog sample to the last
 * @param steadyCpuSeconds      the stream thread's CPU time over the same span; NaN with more than one stream thread
 * @param drainSeconds          from {@code start()} (rebalance included) until the group's committed offsets reach the end
 * @param pickup                send() of a paced sample to the stream thread taking it up
 * @param incidentLatency       send() of the sample an incident was decided on to the incident reaching a read_committed consumer
 * @param liveStateBytes        latest key + value per key over the app's changelogs: the state a restore rebuilds
 * @param stateDirBytes         the app's local state directory after a clean close (RocksDB files, checkpoints)
 * @param changelogLogBytes     the changelog partitions on the broker's disk, every update so far (compaction not yet run)
 * @param ingestOnlySeconds     steady state of the ingest-only streams app (no detection, no state) over the same backlog; NaN when not run
 * @param ingestOnlyCpuSeconds  its stream thread's CPU time over it; NaN when not run or not measured
 */
record ThroughputResult(long samples, int partitions, String recordForm, int fleetProcesses, long trackedProcesses, String processingGuarantee,
                        short transactionVersion,
                        double produceSeconds, double consumerSeconds, double steadySeconds, double steadyCpuSeconds, double drainSeconds,
                        int latencyRate, long latencySeconds, Percentiles pickup, Percentiles incidentLatency, long incidentsInLatencyPhase,
                        long liveStateBytes, long liveStateKeys, long stateDirBytes, long changelogLogBytes, double ingestOnlySeconds, double ingestOnlyCpuSeconds,
                        double totalSeconds) {

    double producerRate() {
        return samples / produceSeconds;
    }

    double consumerRate() {
        return samples / consumerSeconds;
    }

    double streamsRate() {
        return (samples - 1) / steadySeconds;
    }

    double ratio() {
        return streamsRate() / consumerRate();
    }

    /** Microseconds of stream-thread CPU per sample in the steady state (NaN when not measured). */
    double streamsCpuMicrosPerSample() {
        return steadyCpuSeconds * 1e6 / (samples - 1);
    }

    double ingestOnlyCpuMicrosPerSample() {
        return ingestOnlyCpuSeconds * 1e6 / (samples - 1);
    }

    boolean hasIngestOnly() {
        return !Double.isNaN(ingestOnlySeconds);
    }

    double ingestOnlyRate() {
        return (samples - 1) / ingestOnlySeconds;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| measure | value |\n| --- | ---: |\n");
        row(md, "samples in the backlog", String.format(Locale.ROOT, "%,d (%,d processes, %,d incarnations, %d partitions), as %s records",
                samples, fleetProcesses, trackedProcesses, partitions, recordForm));
        row(md, "producer: acks=all, idempotent, lz4 (includes simulating the samples)", rate(producerRate()));
        row(md, "bare consumer: poll and Confluent-Avro deserialise only", rate(consumerRate()));
        row(md, "streams app: " + processingGuarantee + " (broker transaction.version " + transactionVersion
                + "), production topology, steady state", rate(streamsRate()));
        row(md, "streams app / bare consumer", String.format(Locale.ROOT, "%.3f (1 : %.0f)", ratio(), 1 / ratio()));
        row(md, "streams app: stream-thread CPU per sample, steady state (less disturbed by other load than the rate)",
                micros(streamsCpuMicrosPerSample()));
        if (hasIngestOnly()) {
            row(md, "baseline: ingest-only streams app, " + processingGuarantee + ", same sources, split and validation, no detection, no state",
                    rate(ingestOnlyRate()));
            row(md, "ingest-only streams app / bare consumer", String.format(Locale.ROOT, "%.3f", ingestOnlyRate() / consumerRate()));
            row(md, "streams app / ingest-only streams app", String.format(Locale.ROOT, "%.3f", streamsRate() / ingestOnlyRate()));
            row(md, "ingest-only streams app: stream-thread CPU per sample", micros(ingestOnlyCpuMicrosPerSample()));
        }
        row(md, "streams app: start() to consumer-group lag 0", String.format(Locale.ROOT, "%.1f s", drainSeconds));
        row(md, String.format(Locale.ROOT, "pickup latency at %,d samples/s for %d s: send() to the stream thread taking the sample",
                latencyRate, latencySeconds), pickup.text());
        row(md, "incident latency: send() of the deciding sample to a read_committed consumer (" + incidentsInLatencyPhase + " incidents)",
                incidentLatency.text());
        row(md, "state per tracked process: latest key+value per key in the changelogs", bytes(liveStateBytes / (double) trackedProcesses));
        row(md, "state per tracked process: local state dir after close (RocksDB files; none for in-memory stores)",
                bytes(stateDirBytes / (double) trackedProcesses));
        row(md, "state per tracked process: changelog log on the broker (uncompacted)", bytes(changelogLogBytes / (double) trackedProcesses));
        row(md, "total wall time (broker and registry start included)", String.format(Locale.ROOT, "%.1f s", totalSeconds));
        return md.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode()
                .put("samples", samples)
                .put("record_form", recordForm)
                .put("partitions", partitions)
                .put("fleet_processes", fleetProcesses)
                .put("tracked_processes", trackedProcesses)
                .put("processing_guarantee", processingGuarantee)
                .put("broker_transaction_version", transactionVersion)
                .put("producer_samples_per_second", producerRate())
                .put("consumer_samples_per_second", consumerRate())
                .put("streams_samples_per_second", streamsRate())
                .put("streams_to_consumer_ratio", ratio())
                .put("streams_cpu_us_per_sample", streamsCpuMicrosPerSample())
                .put("streams_drain_seconds", drainSeconds)
                .put("latency_rate_samples_per_second", latencyRate)
                .put("latency_phase_seconds", latencySeconds)
                .put("incidents_in_latency_phase", incidentsInLatencyPhase)
                .put("live_state_bytes", liveStateBytes)
                .put("live_state_keys", liveStateKeys)
                .put("state_dir_bytes", stateDirBytes)
                .put("changelog_log_bytes", changelogLogBytes)
                .put("live_state_bytes_per_process", liveStateBytes / (double) trackedProcesses)
                .put("state_dir_bytes_per_process", stateDirBytes / (double) trackedProcesses)
                .put("changelog_log_bytes_per_process", changelogLogBytes / (double) trackedProcesses)
                .put("total_seconds", totalSeconds);
        if (hasIngestOnly()) {
            root.put("ingest_only_streams_samples_per_second", ingestOnlyRate())
                    .put("ingest_only_to_consumer_ratio", ingestOnlyRate() / consumerRate())
                    .put("streams_to_ingest_only_ratio", streamsRate() / ingestOnlyRate())
                    .put("ingest_only_cpu_us_per_sample", ingestOnlyCpuMicrosPerSample());
        }
        percentiles(root.putObject("pickup_latency_ms"), pickup);
        percentiles(root.putObject("incident_latency_ms"), incidentLatency);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result failed to serialise", e);
        }
    }

    private static void percentiles(ObjectNode json, Percentiles p) {
        json.put("count", p.count());
        if (p.count() == 0) {
            json.putNull("p50").putNull("p95").putNull("p99").putNull("max");
        } else {
            json.put("p50", p.p50Millis()).put("p95", p.p95Millis()).put("p99", p.p99Millis()).put("max", p.maxMillis());
        }
    }

    private static void row(StringBuilder md, String measure, String value) {
        md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f samples/s", perSecond);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a (more than one stream thread)" : String.format(Locale.ROOT, "%.2f µs", value);
    }

    private static String bytes(double value) {
        return value >= 10 * 1024 ? String.format(Locale.ROOT, "%,.1f KiB", value / 1024) : String.format(Locale.ROOT, "%,.0f B", value);
    }
}
