package dev.leakwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import picocli.CommandLine;

class LeakwatchCommandTest {
    private static final long START = 1_767_225_600_000L;

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anUnknownFlagExitsWithTwoAndSaysWhich() {
        assertThat(run("tail", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void aMissingClusterAddressIsAUsageErrorWithTheFix() {
        assertThat(run("tail", "--schema-registry-url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("missing bootstrap.servers").contains("--bootstrap-servers");
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertThat(run("replay", "--horizon", "ten minutes")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a duration");
    }

    @Test
    void aSubcommandIsRequired() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
    }

    @Test
    void replayWritesTheIncidentOfALeakingProcessAsJsonLines() throws IOException {
        Path samples = dir.resolve("samples.jsonl");
        Files.write(samples, leakingAndHealthySamples());
        Path incidents = dir.resolve("incidents.jsonl");

        assertThat(run("replay", samples.toString(), "--out", incidents.toString())).isZero();

        List<String> lines = Files.readAllLines(incidents);
        assertThat(lines).hasSize(1);
        LeakIncident incident = IncidentJson.parse(lines.get(0));
        assertThat(incident.getPid()).isEqualTo(4242);
        assertThat(incident.getResource()).isEqualTo(Resource.OPEN_FDS);
        assertThat(err.toString()).contains("replayed 300 samples, 1 incidents, 0 malformed lines skipped, 0 invalid samples rejected");
    }

    @Test
    void replayReadsGzipAndGivesTheSameAnswer() throws IOException {
        Path gz = dir.resolve("samples.data");
        try (OutputStream zipped = new GZIPOutputStream(Files.newOutputStream(gz))) {
            zipped.write((String.join("\n", leakingAndHealthySamples()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(run("replay", gz.toString())).isZero();
        assertThat(out.toString().lines()).singleElement().asString().contains("\"pid\":4242").contains("\"OPEN_FDS\"");
    }

    @Test
    void replaySkipsMalformedLinesSaysWhereAndExitsWith65() throws IOException {
        List<String> lines = new ArrayList<>(leakingAndHealthySamples());
        lines.add(2, "{\"host\":\"web-17\",\"pid\":\"not a number\"}");
        lines.add(5, "not json at all");
        Path samples = dir.resolve("dirty.jsonl");
        Files.write(samples, lines);

        assertThat(run("replay", samples.toString())).isEqualTo(65);

        assertThat(err.toString()).contains(samples + ":3: skipped").contains(samples + ":6: skipped")
                .contains("replayed 300 samples, 1 incidents, 2 malformed lines skipped, 0 invalid samples rejected");
        assertThat(out.toString().lines()).hasSize(1);
    }

    @Test
    void replayRejectsAnUnreadableFile() {
        assertThat(run("replay", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read").contains("missing.jsonl");
    }

    private int run(String... args) {
        CommandLine commandLine = LeakwatchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** 150 ticks of 2 s: pid 4242 leaks 4 fds a tick towards 1024, pid 4343 stays flat. */
    private static List<String> leakingAndHealthySamples() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            lines.add(SampleJson.format(sample(4242, i, 30 + 4 * i)));
            lines.add(SampleJson.format(sample(4343, i, 30 + i % 2)));
        }
        return lines;
    }

    private static ProcessSample sample(int pid, int tick, int fds) {
        return ProcessSample.newBuilder().setHost("web-17").setPid(pid).setStartTime(Instant.ofEpochMilli(START))
                .setTimestamp(Instant.ofEpochMilli(START + 60_000 + tick * 2_000L)).setComm("svc-" + pid)
                .setRssBytes(100L << 20).setMemoryLimitBytes(8L << 30).setFdCount(fds).setFdLimit(1024L).setThreads(8).build();
    }

}
