package dev.leakwatch.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (2.6, in-memory storage) as a child process on a free loopback port.
 * Its Confluent-compatible API at {@link #url()} is what leakwatch's serdes talk to; compatibility
 * is set to BACKWARD at start, as a production registry would be.
 */
public final class ApicurioRegistry implements RegistryServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    /** System property naming the directory the Apicurio distribution was unpacked into. */
    public static final String HOME_PROPERTY = "leakwatch.apicurio.home";
    public static final String HOME_ENV = "LEAKWATCH_APICURIO_HOME";
    private static final String RUNNER_JAR = "apicurio-registry-app-2.6.13.Final-runner.jar";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path workDir;
    private final int port;
    private final Thread shutdownHook;

    private ApicurioRegistry(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "apicurio-registry-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the registry and returns once its Confluent API answers and BACKWARD is set. */
    public static ApicurioRegistry start() {
        Path runnerJar = locateRunnerJar();
        Path workDir = TempDirs.create("leakwatch-registry-");
        int port = FreePorts.pick();
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Djava.io.tmpdir=" + workDir,
                "-jar", runnerJar.toString()));
        Path log = workDir.resolve("registry.log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ApicurioRegistry registry = new ApicurioRegistry(process, workDir, port);
            try {
                registry.awaitReady(log);
                RegistryCompatibility.setBackward(registry.url());
                return registry;
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
        } catch (IOException e) {
            TempDirs.deleteQuietly(workDir);
            throw new IllegalStateException("cannot start Apicurio Registry: " + e.getMessage(), e);
        }
    }

    /** Base URL of the Confluent-compatible REST API, as a Confluent client's schema.registry.url. */
    @Override
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook runs anyway and is harmless
        }
        TempDirs.deleteQuietly(workDir);
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        long started = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " during start-up; its log ends with:\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    LOG.info("Apicurio Registry ready at {} in {} ms", url(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            sleepQuietly(200);
        }
        throw new IllegalStateException("Apicurio Registry did not answer on " + url() + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; its log ends with:\n" + tail(log));
    }

    static Path locateRunnerJar() {
        String home = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("Apicurio Registry location unknown: set -D" + HOME_PROPERTY
                    + " or " + HOME_ENV + " to the directory the build unpacked it into"
                    + " (embedded/target/apicurio-registry after 'mvn package')");
        }
        Path jar = Path.of(home).resolve(RUNNER_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry not found at " + jar
                    + ": build the embedded module first ('mvn -pl embedded package')");
        }
        return jar;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
