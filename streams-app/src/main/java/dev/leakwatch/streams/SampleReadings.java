package dev.leakwatch.streams;

import java.util.ArrayList;
import java.util.List;

import dev.leakwatch.detect.LeakResource;
import dev.leakwatch.detect.Reading;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

/** Turns a sample into the detector's readings, each paired with the limit that resource runs into. */
final class SampleReadings {
    private SampleReadings() {
    }

    static List<Reading> of(ProcessSample sample) {
        List<Reading> readings = new ArrayList<>(5);
        long fdLimit = limitOrNone(sample.getFdLimit());
        if (sample.getRssBytes() != null) {
            readings.add(new Reading(LeakResource.MEMORY_RSS, sample.getRssBytes(), limitOrNone(sample.getMemoryLimitBytes())));
        }
        if (sample.getFdCount() != null) {
            readings.add(new Reading(LeakResource.OPEN_FDS, sample.getFdCount(), fdLimit));
        }
        if (sample.getThreads() != null) {
            readings.add(new Reading(LeakResource.THREADS, sample.getThreads(), limitOrNone(sample.getThreadLimit())));
        }
        TcpStateCounts tcp = sample.getTcp();
        if (tcp != null) {
            // every socket is a file descriptor, so sockets run into the fd limit
            readings.add(new Reading(LeakResource.TCP_CLOSE_WAIT, tcp.getCloseWait(), fdLimit));
            readings.add(new Reading(LeakResource.TCP_ESTABLISHED, tcp.getEstablished(), fdLimit));
        }
        return readings;
    }

    private static long limitOrNone(Number limit) {
        return limit == null || limit.longValue() <= 0 ? Reading.NO_LIMIT : limit.longValue();
    }
}
