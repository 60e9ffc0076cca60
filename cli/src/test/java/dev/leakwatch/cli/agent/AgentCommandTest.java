package dev.leakwatch.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.cli.LeakwatchCommand;
import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.ProcessSample;
import picocli.CommandLine;

/** {@code leakwatch agent} as a user runs it: flags, --once, errors and exit codes. */
class AgentCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void onceFormatJsonPrintsOneTickOfThisHostAsJsonLinesWithoutKafka() {
        assertThat(run("agent", "--once", "--format", "json", "--host", "web-17")).isZero();

        final List<ProcessSample> samples = out.toString().lines().map(SampleJson::parse).toList();
        assertThat(samples).isNotEmpty().allSatisfy(sample -> assertThat(sample.getHost()).isEqualTo("web-17"));
        assertThat(samples).filteredOn(s -> s.getPid() == ProcessHandle.current().pid()).singleElement().satisfies(self -> {
            assertThat(self.getComm()).isEqualTo("java");
            assertThat(self.getFdCount()).isPositive();
            assertThat(self.getThreads()).isGreaterThan(1);
            assertThat(self.getRssBytes()).isPositive();
            assertThat(self.getTcp()).isNotNull();
            assertThat(self.getThreadLimit()).as("thread_limit in the JSON").isPositive();
        });
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line).startsWith("{\"host\":\"web-17\",\"pid\":"));
    }

    @Test
    void onceAppliesTheSelectionFlags() {
        assertThat(run("agent", "--once", "--include-comm", "^java$", "--max-processes", "1")).isZero();

        assertThat(out.toString().lines().map(SampleJson::parse)).singleElement()
                .satisfies(sample -> assertThat(sample.getComm()).isEqualTo("java"));
    }

    @Test
    void aProcRootThatIsNoProcFileSystemFailsWithOneAndSaysWhatToMount(@TempDir Path dir) {
        assertThat(run("agent", "--once", "--proc-root", dir.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("cannot read the proc root " + dir).contains("--proc-root");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void formatWithoutOnceIsAUsageError() {
        assertThat(run("agent", "--format", "json")).isEqualTo(2);
        assertThat(err.toString()).contains("--format applies to --once only");
    }

    @Test
    void anUnknownPublishFormIsAUsageErrorBeforeAnythingStarts() {
        assertThat(run("agent", "--publish", "ticks", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--publish must be host-ticks or samples, got ticks");
    }

    @Test
    void badFlagValuesAreUsageErrorsThatNameTheFlag() {
        assertThat(run("agent", "--once", "--include-comm", "java(")).isEqualTo(2);
        assertThat(err.toString()).contains("--include-comm 'java(' is not a valid regular expression");

        assertThat(run("agent", "--once", "--buffer-size", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("'lots' is not a size");

        assertThat(run("agent", "--once", "--interval", "50ms")).isEqualTo(2);
        assertThat(err.toString()).contains("tick interval must be between 100 ms and 1 h");

        assertThat(run("agent", "--once", "--version-rule", "systemd-unit")).isEqualTo(2);
        assertThat(err.toString()).contains("--version-rule 'systemd-unit' is not a version rule");

        assertThat(run("agent", "--once", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }

    @Test
    void runningWithoutOnceNeedsTheClusterAndSaysHow() {
        assertThat(run("agent", "--schema-registry-url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("missing bootstrap.servers").contains("--bootstrap-servers");
    }

    @Test
    void anUnreadableConfigFileIsAUsageError(@TempDir Path dir) {
        assertThat(run("agent", "--config", dir.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
    }

    @Test
    void helpListsTheFlagsAndTheExitCodes() {
        assertThat(run("agent", "--help")).isZero();

        assertThat(out.toString()).contains("--once", "--include-comm", "--max-processes", "--service-rule", "--buffer-size",
                "--metrics-address", "Exit codes:", "2  bad flags or configuration");
    }

    @Test
    void sizesAndAddressesReadAsPeopleWriteThem() {
        assertThat(ByteSizeConverter.parse("16MiB")).isEqualTo(16L << 20);
        assertThat(ByteSizeConverter.parse("512 k")).isEqualTo(512L << 10);
        assertThat(ByteSizeConverter.parse("4096")).isEqualTo(4096);
        assertThat(ByteSizeConverter.parse("1GiB")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> ByteSizeConverter.parse("99999999999999GiB")).hasMessageContaining("too large");
        assertThat(MetricsAddressConverter.parse("off")).isNull();
        assertThat(MetricsAddressConverter.parse("127.0.0.1:9469")).isEqualTo(new InetSocketAddress("127.0.0.1", 9469));
        assertThat(MetricsAddressConverter.parse(":9469").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(MetricsAddressConverter.parse("[::1]:9469").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> MetricsAddressConverter.parse("9469")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> MetricsAddressConverter.parse("host:99999")).hasMessageContaining("between 0 and 65535");
    }

    @Test
    void theBenchmarkPrintsTheAgentsCostNextToTheSystemToolsOnASmallFleet() {
        final CommandLine bench = new CommandLine(new BenchAgentCommand());
        bench.setOut(new PrintWriter(out, true));
        bench.setErr(new PrintWriter(err, true));

        assertThat(bench.execute("--processes", "5", "--ticks", "2", "--warmup", "1", "--tool-runs", "1")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("== 5 spawned processes", "agent, steady tick", "ms/process", "agent, full tick",
                "of which Avro encoding", "descriptor links read every tick", "agent, amortised", "heap used after GC", "agent descriptors",
                "ss -tanp", "ratio agent/tools", "prometheus-process-exporter");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        final CommandLine commandLine = LeakwatchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
