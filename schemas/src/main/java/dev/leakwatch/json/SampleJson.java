package dev.leakwatch.json;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

/**
 * The JSON line form of a {@link ProcessSample}, used by replay, fixtures and tools outside
 * Kafka. Field names are the documented ones; a missing optional field means unknown, a missing
 * {@code tcp} state means 0, unknown fields are ignored so newer writers do not break older readers.
 */
public final class SampleJson {
    private static final String KIND = "sample";

    private SampleJson() {
    }

    /**
     * @throws IllegalArgumentException naming the field when a required one (host, pid,
     *                                  start_time, timestamp, comm) is missing or a field has the wrong type
     */
    public static ProcessSample parse(String line) {
        JsonFields json = JsonFields.parse(line, KIND);
        JsonFields tcp = json.nested("tcp");
        return ProcessSample.newBuilder()
                .setHost(json.requiredText("host"))
                .setPid(json.requiredInt("pid"))
                .setStartTime(json.requiredEpochMillis("start_time"))
                .setTimestamp(json.requiredEpochMillis("timestamp"))
                .setComm(json.requiredText("comm"))
                .setService(json.optionalText("service"))
                .setVersion(json.optionalText("version"))
                .setCmdline(json.optionalText("cmdline"))
                .setContainerId(json.optionalText("container_id"))
                .setUid(json.optionalInt("uid"))
                .setRssBytes(json.optionalLong("rss_bytes"))
                .setMemoryLimitBytes(json.optionalLong("memory_limit_bytes"))
                .setFdCount(json.optionalInt("fd_count"))
                .setFdLimit(json.optionalLong("fd_limit"))
                .setThreads(json.optionalInt("threads"))
                .setTcp(tcp == null ? null : tcpCounts(tcp))
                .setRssAnonBytes(json.optionalLong("rss_anon_bytes"))
                .setHostTcpTimeWait(json.optionalInt("host_tcp_time_wait"))
                .setThreadLimit(json.optionalLong("thread_limit"))
                .build();
    }

    /** One line, no trailing newline; null fields and zero tcp states are left out. */
    public static String format(ProcessSample sample) {
        ObjectNode json = JsonFields.MAPPER.createObjectNode()
                .put("host", sample.getHost())
                .put("pid", sample.getPid())
                .put("start_time", sample.getStartTime().toEpochMilli())
                .put("timestamp", sample.getTimestamp().toEpochMilli())
                .put("comm", sample.getComm());
        putIfKnown(json, "service", sample.getService());
        putIfKnown(json, "version", sample.getVersion());
        putIfKnown(json, "cmdline", sample.getCmdline());
        putIfKnown(json, "container_id", sample.getContainerId());
        putIfKnown(json, "uid", sample.getUid());
        putIfKnown(json, "rss_bytes", sample.getRssBytes());
        putIfKnown(json, "memory_limit_bytes", sample.getMemoryLimitBytes());
        putIfKnown(json, "fd_count", sample.getFdCount());
        putIfKnown(json, "fd_limit", sample.getFdLimit());
        putIfKnown(json, "threads", sample.getThreads());
        if (sample.getTcp() != null) {
            json.set("tcp", tcpJson(sample.getTcp()));
        }
        putIfKnown(json, "rss_anon_bytes", sample.getRssAnonBytes());
        putIfKnown(json, "host_tcp_time_wait", sample.getHostTcpTimeWait());
        putIfKnown(json, "thread_limit", sample.getThreadLimit());
        return JsonFields.write(json);
    }

    // The JSON keys of tcp are the Avro field names, so a state added to the schema needs no code here.
    private static TcpStateCounts tcpCounts(JsonFields tcp) {
        TcpStateCounts counts = new TcpStateCounts();
        for (Schema.Field state : TcpStateCounts.getClassSchema().getFields()) {
            counts.put(state.pos(), tcp.intOrZero(state.name()));
        }
        return counts;
    }

    private static ObjectNode tcpJson(TcpStateCounts counts) {
        ObjectNode json = JsonFields.MAPPER.createObjectNode();
        for (Schema.Field state : TcpStateCounts.getClassSchema().getFields()) {
            int count = (Integer) counts.get(state.pos());
            if (count != 0) {
                json.put(state.name(), count);
            }
        }
        return json;
    }

    private static void putIfKnown(ObjectNode json, String name, Object value) {
        if (value instanceof String text) {
            json.put(name, text);
        } else if (value instanceof Integer number) {
            json.put(name, number.intValue());
        } else if (value instanceof Long number) {
            json.put(name, number.longValue());
        }
    }
}
