package dev.leakwatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for long-running subcommands: the JVM's shutdown hook asks the command to
 * stop, then waits (bounded) until the command has closed everything it started, so no child
 * process, broker or temp dir is left behind.
 */
final class ShutdownSignal implements AutoCloseable {
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(60);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    ShutdownSignal() {
        hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                cleanedUp.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leakwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits until a stop is asked for, or until {@code limit} passes (null: no limit). Returns true if asked to stop. */
    boolean awaitStop(Duration limit) throws InterruptedException {
        if (limit == null) {
            stopRequested.await();
            return true;
        }
        return stopRequested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    void requestStop() {
        stopRequested.countDown();
    }

    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Called once cleanup is done; lets the JVM exit. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that cleanup is done
        }
    }
}
