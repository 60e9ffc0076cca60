package dev.leakwatch.schema;

import java.time.Instant;
import java.util.List;

/** Realistic records for tests, shaped like the examples in the design doc. */
public final class TestRecords {
    private TestRecords() {
    }

    /** A sample with every field set. */
    public static ProcessSample fullSample() {
        return ProcessSample.newBuilder()
                .setHost("web-17")
                .setPid(4242)
                .setStartTime(Instant.ofEpochMilli(1_767_225_600_000L))
                .setTimestamp(Instant.ofEpochMilli(1_767_229_200_000L))
                .setComm("chat_server")
                .setService("chat")
                .setVersion("2.3.1")
                .setCmdline("/usr/bin/chat_server --port 8080")
                .setContainerId("3f2a9c1e7b")
                .setUid(1000)
                .setRssBytes(524_288_000L)
                .setMemoryLimitBytes(8_589_934_592L)
                .setFdCount(120)
                .setFdLimit(1024L)
                .setThreads(16)
                .setTcp(TcpStateCounts.newBuilder().setEstablished(40).setCloseWait(2).setListen(1).build())
                .setRssAnonBytes(400_000_000L)
                .setHostTcpTimeWait(17)
                .setThreadLimit(4096L)
                .build();
    }

    /** A sample with only the required fields. */
    public static ProcessSample minimalSample() {
        return ProcessSample.newBuilder()
                .setHost("db-3")
                .setPid(1)
                .setStartTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setTimestamp(Instant.ofEpochMilli(1_700_000_005_000L))
                .setComm("(a b ) ( c d)")
                .build();
    }

    /** The OPENED incident of the design doc. */
    public static LeakIncident openedIncident() {
        return LeakIncident.newBuilder()
                .setIncidentId("web-17/4242/1767225600000/TCP_CLOSE_WAIT")
                .setStatus(IncidentStatus.OPENED)
                .setResource(Resource.TCP_CLOSE_WAIT)
                .setRelatedResources(List.of(Resource.OPEN_FDS))
                .setHost("web-17")
                .setPid(4242)
                .setStartTime(Instant.ofEpochMilli(1_767_225_600_000L))
                .setComm("chat_server")
                .setService("chat")
                .setVersion("2.3.1")
                .setEventTime(Instant.ofEpochMilli(1_767_240_000_000L))
                .setSeverity(Severity.HIGH)
                .setSlopePerHour(41.5)
                .setCurrentValue(620)
                .setLimit(1024L)
                .setTimeToExhaustionSeconds(35_000L)
                .setConfidence(0.999)
                .setPattern("LINEAR")
                .setHint("CLOSE_WAIT sockets pile up: the peer hung up but this process never calls close() ...")
                .setReason(null)
                .build();
    }
}
