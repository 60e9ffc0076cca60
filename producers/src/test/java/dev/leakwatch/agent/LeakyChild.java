package dev.leakwatch.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real python3 process running leaky_child.py, which leaks what it is told to. */
final class LeakyChild implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;
    private final int port;

    private LeakyChild(Process process) throws IOException {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String ready = answers.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IllegalStateException("leaky_child.py did not start: " + ready + "; is python3 installed?");
        }
        this.port = Integer.parseInt(ready.substring("ready ".length()));
    }

    static LeakyChild start() throws IOException {
        return new LeakyChild(new ProcessBuilder("python3", script().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /**
     * A child alone in a new network namespace with its loopback up (needs root and util-linux),
     * so that no other process's sockets show in its tables.
     */
    static LeakyChild startInNewNetworkNamespace() throws IOException {
        return new LeakyChild(new ProcessBuilder("unshare", "--net", "sh", "-c", "ip link set lo up && exec python3 \"$0\"", script().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** A child in the network namespace of another. */
    static LeakyChild startInNetworkNamespaceOf(LeakyChild other) throws IOException {
        return new LeakyChild(new ProcessBuilder("nsenter", "--net=/proc/" + other.pid() + "/ns/net", "python3", script().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    static Path script() {
        try {
            return Path.of(LeakyChild.class.getResource("/agent/leaky_child.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    int pid() {
        return Math.toIntExact(process.pid());
    }

    /** The port of the child's own listener. */
    int port() {
        return port;
    }

    /** Sends one command and waits until the child has done it. */
    LeakyChild tell(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            final String answer = answers.readLine();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("leaky_child.py answered '" + answer + "' to '" + command + "'");
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException alreadyGone) {
            // the child has exited
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
