package dev.leakwatch.detect;

/** A resource a process can leak, in the detector's own terms (mapped 1:1 to the Avro contract). */
public enum LeakResource {
    MEMORY_RSS("bytes"),
    OPEN_FDS("fds"),
    THREADS("threads"),
    TCP_CLOSE_WAIT("sockets"),
    TCP_ESTABLISHED("sockets");

    private final String unit;

    LeakResource(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
