package dev.leakwatch.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link LeakingProcess} as a child JVM with a small, fixed file-descriptor limit, so a leak
 * reaches its limit in minutes, as it would in a container with a low RLIMIT_NOFILE.
 */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /**
     * @param fdLimit the soft and hard RLIMIT_NOFILE of the child (set with the shell's ulimit before exec)
     */
    public static Process start(String mode, double rate, int fdLimit) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // -XX:-MaxFDLimit: keep the limit we set instead of raising it to the hard limit
        String script = "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\"";
        List<String> command = List.of("/bin/sh", "-c", script, java,
                "-XX:-MaxFDLimit", "-Xmx96m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LeakingProcess.class.getName(), mode, Double.toString(rate));
        try {
            return new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a " + mode + " child process: " + e.getMessage(), e);
        }
    }

    /** Stops a child and waits for it to be gone. */
    public static void stop(Process child) {
        if (child == null) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
