package dev.leakwatch.topic;

import dev.leakwatch.schema.ProcessSample;

/**
 * The record key of a process incarnation, {@code host/pid/start_time}. Pids are reused, so the
 * start time is part of the identity: a restarted process gets a new key and its own trend.
 */
public final class ProcessKey {
    private ProcessKey() {
    }

    public static String of(String host, int pid, long startTimeMillis) {
        return host + "/" + pid + "/" + startTimeMillis;
    }

    public static String of(ProcessSample sample) {
        return of(sample.getHost(), sample.getPid(), sample.getStartTime().toEpochMilli());
    }

    /** The host a key names: the text before its first '/', or the whole key (a host tick's key is the host). */
    public static String hostOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
