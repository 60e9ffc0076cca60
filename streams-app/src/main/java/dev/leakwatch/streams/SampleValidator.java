package dev.leakwatch.streams;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;
import dev.leakwatch.topic.ProcessKey;

/** Says what is wrong with a sample, or null when it can be used. */
final class SampleValidator {
    private SampleValidator() {
    }

    /**
     * @param newestValidTime newest timestamp of a valid sample seen so far (Long.MIN_VALUE: none yet)
     */
    static String problem(String key, ProcessSample sample, long newestValidTime, long maxFutureSkewMillis) {
        if (sample == null) {
            return "empty value";
        }
        if (sample.getHost() == null || sample.getHost().isBlank() || sample.getHost().contains("/")) {
            return "missing or invalid host '" + sample.getHost() + "'";
        }
        if (sample.getPid() <= 0) {
            return "missing or invalid pid " + sample.getPid();
        }
        if (sample.getStartTime() == null || sample.getStartTime().toEpochMilli() <= 0) {
            return "missing start_time";
        }
        if (sample.getTimestamp() == null || sample.getTimestamp().toEpochMilli() <= 0) {
            return "missing timestamp";
        }
        long timestamp = sample.getTimestamp().toEpochMilli();
        if (timestamp < sample.getStartTime().toEpochMilli() - 60_000) {
            return "timestamp " + timestamp + " is before the process started (" + sample.getStartTime().toEpochMilli() + ")";
        }
        if (newestValidTime != Long.MIN_VALUE && timestamp > newestValidTime + maxFutureSkewMillis) {
            return "timestamp " + timestamp + " is " + (timestamp - newestValidTime) / 1000 + " s ahead of the newest sample";
        }
        if (!ProcessKey.of(sample).equals(key)) {
            return "key '" + key + "' does not match the sample's identity '" + ProcessKey.of(sample) + "'";
        }
        String negative = negativeField(sample);
        if (negative != null) {
            return negative + " is negative";
        }
        return null;
    }

    private static String negativeField(ProcessSample sample) {
        if (isNegative(sample.getRssBytes())) {
            return "rss_bytes";
        }
        if (isNegative(sample.getFdCount())) {
            return "fd_count";
        }
        if (isNegative(sample.getThreads())) {
            return "threads";
        }
        if (isNegative(sample.getMemoryLimitBytes())) {
            return "memory_limit_bytes";
        }
        if (isNegative(sample.getFdLimit())) {
            return "fd_limit";
        }
        TcpStateCounts tcp = sample.getTcp();
        if (tcp != null && (tcp.getCloseWait() < 0 || tcp.getEstablished() < 0 || tcp.getListen() < 0
                || tcp.getTimeWait() < 0 || tcp.getSynSent() < 0 || tcp.getSynRecv() < 0 || tcp.getFinWait1() < 0
                || tcp.getFinWait2() < 0 || tcp.getClose() < 0 || tcp.getLastAck() < 0 || tcp.getClosing() < 0)) {
            return "a tcp state count";
        }
        return null;
    }

    private static boolean isNegative(Number value) {
        return value != null && value.longValue() < 0;
    }
}
