package dev.leakwatch.detect;

/** How urgent a leak is, from its projected time to exhaustion. */
public enum LeakSeverity {
    WARNING,
    HIGH,
    CRITICAL
}
