package dev.leakwatch.detect;

/** What on-call should look at first, per leaking resource; drawn from how such leaks are found in practice. */
final class Hints {
    private Hints() {
    }

    static String forResource(LeakResource resource) {
        return switch (resource) {
            case MEMORY_RSS -> "Resident memory grows steadily. Take two heap profiles some minutes apart and diff them"
                    + " (heaptrack, Valgrind massif, jemalloc prof, or a JVM heap dump with jcmd PID GC.heap_dump);"
                    + " run the test suite under ASan/LSan to catch native leaks.";
            case OPEN_FDS -> "Open file descriptors grow steadily. See what they point at with 'ls -l /proc/PID/fd'"
                    + " or 'lsof -p PID'; look for files, pipes or sockets opened without close() on an error path.";
            case THREADS -> "Threads grow steadily. Take two thread dumps (jstack PID, or 'gdb -p PID -batch -ex"
                    + " \"thread apply all bt\"') and look for pools created per request or threads never joined.";
            case TCP_CLOSE_WAIT -> "CLOSE_WAIT sockets pile up: the peer hung up but this process never calls close()."
                    + " List them with 'ss -tanp state close-wait' and 'lsof -p PID -i'.";
            case TCP_ESTABLISHED -> "ESTABLISHED connections pile up: peers go silent and are never timed out. Add idle"
                    + " timeouts or TCP keepalive; list them with 'ss -tanpo state established'.";
        };
    }
}
