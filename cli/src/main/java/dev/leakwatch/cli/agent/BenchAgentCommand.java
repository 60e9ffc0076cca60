package dev.leakwatch.cli.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import dev.leakwatch.agent.AgentSettings;
import dev.leakwatch.agent.ProcessSampler;
import dev.leakwatch.agent.SamplerTick;
import dev.leakwatch.agent.select.ProcessSelection;
import dev.leakwatch.cli.config.DurationConverter;
import dev.leakwatch.schema.ProcessSample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leakwatch bench agent}: spawns N small processes with files and sockets, runs the agent's
 * ticks over the host and prints their CPU cost per tick and per process, the agent's heap and RSS;
 * then times the same collection done by {@code ps}, {@code ss -tanp} and a listing of
 * {@code /proc/*}{@code /fd}, and by prometheus-process-exporter if it is installed, and prints the
 * ratios. It prints figures; it is not a test.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the host agent's CPU and memory on N spawned processes with files and sockets,",
                "next to ps + ss -tanp + ls -l /proc/*/fd and prometheus-process-exporter (if installed)."})
public final class BenchAgentCommand implements Callable<Integer> {
    /** The issue's target: CPU per process per tick, with socket states. */
    static final double TARGET_MS_PER_PROCESS = 0.05;
    static final long TARGET_HEAP_BYTES = 64L << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Bounds the warm-up on a host with hardly any process. */
    private static final int MAX_WARMUP_TICKS = 5_000;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--processes", split = ",", defaultValue = "200,1000", paramLabel = "N[,N...]",
            description = "How many processes to spawn, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> processes;

    @Option(names = "--ticks", defaultValue = "20", description = "Measured ticks per run (default ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--warmup", defaultValue = "15", description = "Ticks before measuring, at least (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-samples", defaultValue = "100000",
            description = {"Process samples to take before measuring, at least (default ${DEFAULT-VALUE}): the JIT compiles the per-process",
                    "code fully only after some 10 000 calls, which an agent reaches within its first hour and a bench of 200",
                    "processes only after some 50 ticks."})
    int warmupSamples;

    @Option(names = "--pause", defaultValue = "0ms", converter = DurationConverter.class,
            description = {"Pause between measured ticks (default ${DEFAULT-VALUE}: back to back). An agent ticks every few seconds,",
                    "by which time other work has evicted its data from the CPU caches; a pause shows what that costs."})
    Duration pause;

    @Option(names = "--files", defaultValue = "3", description = "Open files per spawned process (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--connections", defaultValue = "3", description = "TCP connections per spawned process (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--tool-runs", defaultValue = "5", description = "Runs of ps + ss + ls and scrapes of process-exporter (default ${DEFAULT-VALUE}).")
    int toolRuns;

    @Option(names = "--python", defaultValue = "python3", description = "The python to spawn processes with (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--interval", defaultValue = "5", description = "Seconds between ticks in production, for the amortised figure (default ${DEFAULT-VALUE}).")
    int intervalSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchAgentCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "leakwatch bench agent: %d CPUs, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), firstLine(Path.of("/proc/version")));
        out.printf(Locale.ROOT, "max heap %s, page size from auxv; each spawned process holds %d files and %d TCP connections (1 in CLOSE_WAIT)%n",
                mib(Runtime.getRuntime().maxMemory()), files, connections);
        for (int n : processes) {
            try (BenchFleet fleet = BenchFleet.spawn(python, n, files, connections)) {
                out.printf(Locale.ROOT, "%n== %d spawned processes (spawned in %.1f s) ==%n", n, fleet.spawnTime().toMillis() / 1e3);
                out.flush();
                run(out);
            }
        }
        out.flush();
        return 0;
    }

    private void run(PrintWriter out) throws Exception {
        final AgentSettings settings = AgentSettings.defaults().withHostName("bench")
                .withSelection(ProcessSelection.all().withMaxProcesses(1_000_000));
        final Duration staticRefresh = settings.staticRefresh();
        final Duration socketRefresh = settings.socketRefresh();
        final Figures steady = measure(settings);
        final Figures full = measure(settings.withStaticRefresh(Duration.ZERO).withSocketRefresh(Duration.ZERO));
        // the two refreshes apart: static facts every tick with the sockets cached, and the reverse
        final Figures staticFacts = measure(settings.withStaticRefresh(Duration.ZERO));
        final Figures links = measure(settings.withSocketRefresh(Duration.ZERO));
        final double amortisedMs = steady.cpuMs
                + Math.max(0, staticFacts.cpuMs - steady.cpuMs) * intervalSeconds / staticRefresh.toSeconds()
                + Math.max(0, links.cpuMs - steady.cpuMs) * intervalSeconds / socketRefresh.toSeconds();
        final double perProcessAmortised = amortisedMs / steady.processes;
        out.printf(Locale.ROOT, "agent, steady tick (static facts cached): CPU %7.2f ms/tick = %.4f ms/process (%d processes, %d fds, %d sockets); wall %.2f ms%n",
                steady.cpuMs, steady.cpuMs / steady.processes, steady.processes, steady.fds, steady.sockets, steady.wallMs);
        out.printf(Locale.ROOT, "  of which Avro encoding %.2f ms/tick = %.4f ms/process (as the publisher serializes)%n",
                steady.encodeMs, steady.encodeMs / steady.processes);
        out.printf(Locale.ROOT, "  measured after %d warm-up ticks (%d samples at least), %s between ticks; every thread of the JVM (GC, JIT) %.2f ms/tick (mean)%n",
                steady.warmupTicks, warmupSamples, pause.isZero() ? "no pause" : pause.toMillis() + " ms", steady.jvmCpuMs);
        out.printf(Locale.ROOT, "agent, full tick (all facts read, as --once): CPU %7.2f ms/tick = %.4f ms/process; wall %.2f ms%n",
                full.cpuMs, full.cpuMs / full.processes, full.wallMs);
        out.printf(Locale.ROOT, "agent, static facts read every tick, sockets cached: CPU %7.2f ms/tick = %.4f ms/process%n",
                staticFacts.cpuMs, staticFacts.cpuMs / staticFacts.processes);
        out.printf(Locale.ROOT, "agent, descriptor links read every tick (as if every process's fd count changed each tick): CPU %7.2f ms/tick = %.4f ms/process%n",
                links.cpuMs, links.cpuMs / links.processes);
        out.printf(Locale.ROOT, "agent, amortised (%d s ticks, facts re-read every %d s, links every %d s): %.2f ms/tick = %.4f ms/process -> target <= %.3f ms/process %s%n",
                intervalSeconds, staticRefresh.toSeconds(), socketRefresh.toSeconds(), amortisedMs, perProcessAmortised, TARGET_MS_PER_PROCESS,
                perProcessAmortised <= TARGET_MS_PER_PROCESS ? "MET" : "NOT MET");
        final long heapPeak = Math.max(Math.max(steady.heapPeak, full.heapPeak), Math.max(staticFacts.heapPeak, links.heapPeak));
        // the pools peak at different moments, so their sum can exceed even the max heap; a run that
        // completed with -Xmx at most the target shows the agent's heap within it, the sum bounds it otherwise
        final long maxHeap = Runtime.getRuntime().maxMemory();
        final boolean ranWithinTarget = maxHeap <= TARGET_HEAP_BYTES;
        final boolean heapMet = ranWithinTarget || heapPeak <= TARGET_HEAP_BYTES;
        out.printf(Locale.ROOT, "agent memory: heap used after GC %s, sum of the heap pools' peaks during ticks %s, max heap %s "
                        + "(target <= %s %s%s); JVM RSS %s%n",
                mib(steady.heapAfterGc), mib(heapPeak), mib(maxHeap), mib(TARGET_HEAP_BYTES), heapMet ? "MET" : "NOT MET",
                ranWithinTarget ? ": every tick ran within the max heap" : "", mib(rssBytes()));
        out.printf(Locale.ROOT, "agent descriptors: %d open while sampling (it holds stat, statm and fd/ of each process open between ticks)%n",
                steady.ownFds);
        out.flush();

        final ToolTimes tools = timeTools();
        out.printf(Locale.ROOT, "ps -eo pid,rss,nlwp,comm: %.1f ms; ss -tanp: %.1f ms; ls -l /proc/[0-9]*/fd: %.1f ms; together %.1f ms CPU per collection (median of %d)%n",
                tools.psMs, tools.ssMs, tools.lsMs, tools.totalMs(), toolRuns);
        out.printf(Locale.ROOT, "ratio agent/tools: steady %.3f (%.1fx cheaper), full %.3f (%.1fx cheaper)%n",
                steady.cpuMs / tools.totalMs(), tools.totalMs() / steady.cpuMs, full.cpuMs / tools.totalMs(), tools.totalMs() / full.cpuMs);
        final Optional<Double> exporter = timeProcessExporter(out);
        exporter.ifPresent(ms -> out.printf(Locale.ROOT, "ratio agent/process-exporter: steady %.3f (%.1fx cheaper), full %.3f%n",
                steady.cpuMs / ms, ms / steady.cpuMs, full.cpuMs / ms));
        out.flush();
    }

    /**
     * CPU and wall time of the tick thread per tick, over {@link #ticks} ticks after {@link #warmup};
     * the Avro encoding of every sample included (and also timed on its own).
     */
    private Figures measure(AgentSettings settings) throws IOException, InterruptedException {
        final SpecificDatumWriter<ProcessSample> writer = new SpecificDatumWriter<>(ProcessSample.class);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (ProcessSampler sampler = new ProcessSampler(settings)) {
            BinaryEncoder encoder = null;
            long warmedSamples = 0;
            int warmupTicks = 0;
            while (warmupTicks < warmup || warmedSamples < warmupSamples && warmupTicks < MAX_WARMUP_TICKS) {
                final SamplerTick tick = sampler.tick(Instant.now());
                encoder = encode(tick, writer, bytes, encoder);
                warmedSamples += tick.samples().size();
                warmupTicks++;
            }
            System.gc();
            resetHeapPeaks();
            final long[] cpu = new long[ticks];
            final long[] wall = new long[ticks];
            final long[] encodeCpu = new long[ticks];
            long jvmCpu = 0;
            SamplerTick last = null;
            for (int i = 0; i < ticks; i++) {
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                final long jvmCpuStart = PROCESS.getProcessCpuTime();
                final long cpuStart = THREADS.getCurrentThreadCpuTime();
                final long wallStart = System.nanoTime();
                last = sampler.tick(Instant.now());
                final long encodeStart = THREADS.getCurrentThreadCpuTime();
                encoder = encode(last, writer, bytes, encoder);
                wall[i] = System.nanoTime() - wallStart;
                final long cpuEnd = THREADS.getCurrentThreadCpuTime();
                cpu[i] = cpuEnd - cpuStart;
                encodeCpu[i] = cpuEnd - encodeStart;
                jvmCpu += PROCESS.getProcessCpuTime() - jvmCpuStart;
            }
            final long heapPeak = heapPeak();
            final int ownFds = ownDescriptors();
            System.gc();
            final long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long fds = 0;
            long sockets = 0;
            for (ProcessSample sample : last.samples()) {
                fds += sample.getFdCount() == null ? 0 : sample.getFdCount();
                if (sample.getTcp() != null) {
                    sockets += sample.getTcp().getEstablished() + sample.getTcp().getCloseWait() + sample.getTcp().getListen();
                }
            }
            return new Figures(median(cpu) / 1e6, median(wall) / 1e6, median(encodeCpu) / 1e6, jvmCpu / 1e6 / ticks, last.samples().size(), fds,
                    sockets, heapPeak, heapAfterGc, ownFds, warmupTicks);
        }
    }

    private static int ownDescriptors() {
        final String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static BinaryEncoder encode(SamplerTick tick, SpecificDatumWriter<ProcessSample> writer, ByteArrayOutputStream bytes,
                                        BinaryEncoder reuse) throws IOException {
        bytes.reset();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, reuse);
        for (ProcessSample sample : tick.samples()) {
            writer.write(sample, encoder);
        }
        encoder.flush();
        return encoder;
    }

    private ToolTimes timeTools() throws Exception {
        final double[] ps = new double[toolRuns];
        final double[] ss = new double[toolRuns];
        final double[] ls = new double[toolRuns];
        for (int i = 0; i < toolRuns; i++) {
            ps[i] = cpuMsOf("ps -eo pid,rss,nlwp,comm");
            ss[i] = cpuMsOf("ss -tanp");
            ls[i] = cpuMsOf("ls -l /proc/[0-9]*/fd");
        }
        return new ToolTimes(median(ps), median(ss), median(ls));
    }

    /** User plus system CPU of a shell command, as bash's time reports it (getrusage of its children). */
    private static double cpuMsOf(String command) throws Exception {
        final Process bash = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3U %3S'; time { " + command + " >/dev/null 2>&1; }")
                .redirectErrorStream(true).start();
        final String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        bash.waitFor(120, TimeUnit.SECONDS);
        final String[] lines = out.split("\n");
        final String[] times = lines[lines.length - 1].trim().split("\\s+");
        return (Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1e3;
    }

    /** CPU per scrape of prometheus-process-exporter reporting every process on its own, if it is installed. */
    private Optional<Double> timeProcessExporter(PrintWriter out) throws Exception {
        final Optional<Path> binary = onPath("prometheus-process-exporter").or(() -> onPath("process-exporter"));
        if (binary.isEmpty()) {
            out.println("prometheus-process-exporter: not installed, no comparison (apt-get install prometheus-process-exporter)");
            return Optional.empty();
        }
        final Path config = Files.createTempFile("process-exporter", ".yml");
        Files.writeString(config, "process_names:\n  - name: \"{{.Comm}}:{{.PID}}\"\n    cmdline:\n    - '.+'\n");
        final int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        final Process exporter = new ProcessBuilder(binary.get().toString(), "-config.path", config.toString(), "-children=false",
                "-threads=false", "-gather-smaps=false", "-web.listen-address", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            final HttpClient http = HttpClient.newHttpClient();
            final HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            HttpResponse<String> response = null;
            for (int attempt = 0; attempt < 100 && response == null; attempt++) {
                try {
                    response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            if (response == null) {
                out.println("prometheus-process-exporter: did not answer on port " + port);
                return Optional.empty();
            }
            for (int i = 0; i < 3; i++) {
                http.send(scrape, HttpResponse.BodyHandlers.discarding());
            }
            final long before = cpuTicks(exporter.pid());
            for (int i = 0; i < toolRuns * 4; i++) {
                http.send(scrape, HttpResponse.BodyHandlers.discarding());
            }
            final double ms = (cpuTicks(exporter.pid()) - before) * 10.0 / (toolRuns * 4);
            final long groups = response.body().lines().filter(line -> line.startsWith("namedprocess_namegroup_num_procs{")).count();
            out.printf(Locale.ROOT, "prometheus-process-exporter (%d groups, one per process, smaps and threads off): %.1f ms CPU per scrape (mean of %d)%n",
                    groups, ms, toolRuns * 4);
            return Optional.of(ms);
        } finally {
            exporter.destroy();
            exporter.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
        }
    }

    /** utime + stime of a process in clock ticks (USER_HZ, 100 per second). */
    private static long cpuTicks(long pid) throws IOException {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            final Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static double median(long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String firstLine(Path file) {
        try {
            final List<String> lines = new ArrayList<>(Files.readAllLines(file));
            return lines.isEmpty() ? "" : lines.get(0).split(" \\(")[0];
        } catch (IOException e) {
            return "";
        }
    }

    /** jvmCpuMs is the mean, over the measured ticks, of the CPU of every thread of the JVM (GC and JIT included). */
    private record Figures(double cpuMs, double wallMs, double encodeMs, double jvmCpuMs, int processes, long fds, long sockets, long heapPeak,
                           long heapAfterGc, int ownFds, int warmupTicks) {
    }

    private record ToolTimes(double psMs, double ssMs, double lsMs) {
        double totalMs() {
            return psMs + ssMs + lsMs;
        }
    }
}
