package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.agent.procfs.FdDirectory;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.schema.ProcessSample;

/**
 * What an agent sees without root: its own user's processes fully; other users' processes with
 * memory, threads, limits and command line, but neither descriptors nor sockets, each refusal
 * counted; and with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, everything again. The tests run the
 * sampler in a child JVM as user nobody (setpriv), watching a process of root's.
 */
class NonRootAgentTest {
    private static final boolean FD_SIZE_IS_COUNT = FdDirectory.sizeIsCount(ProcFiles.system(), Path.of("/proc"));
    private static final int NOBODY = 65534;

    private Process rootsProcess;

    @BeforeEach
    void startAProcessOfRoot() throws IOException {
        rootsProcess = new ProcessBuilder("sleep", "120").start();
    }

    @AfterEach
    void stopIt() throws InterruptedException {
        rootsProcess.destroy();
        rootsProcess.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void seesOtherUsersProcessesWithoutDescriptorsOrSocketsAndCountsTheRefusals(@TempDir Path dir) throws Exception {
        if (!isRoot()) {
            seesPid1PartlyWhenThisJvmIsNotRoot();
            return;
        }
        final Probe probe = runProbe(dir, List.of());

        // stat of fd/ needs no permission on it: on Linux 6.2+ its size counts the descriptors of anyone's process
        assertThat(probe.sample(rootsProcess.pid())).containsEntry("uid", "0").containsEntry("tcp", "unknown")
                .hasEntrySatisfying("fds", fds -> assertThat(fds).isEqualTo(FD_SIZE_IS_COUNT ? "3" : "null"))
                .containsEntry("cmdline", "true").hasEntrySatisfying("rss", rss -> assertThat(Long.parseLong(rss)).isPositive())
                .containsEntry("threads", "1").containsEntry("fd_limit", limitOfThisJvmsChildren());
        assertThat(probe.sample(probe.self)).containsEntry("uid", Integer.toString(NOBODY)).containsEntry("tcp", "known")
                .hasEntrySatisfying("fds", fds -> assertThat(Integer.parseInt(fds)).isPositive());
        assertThat(probe.denied.get("fd")).isPositive();
    }

    @Test
    void seesEverythingWithCapDacReadSearchAndCapSysPtrace(@TempDir Path dir) throws Exception {
        if (!isRoot()) {
            seesPid1PartlyWhenThisJvmIsNotRoot();
            return;
        }
        final Probe probe = runProbe(dir, List.of("--inh-caps=+dac_read_search,+sys_ptrace", "--ambient-caps=+dac_read_search,+sys_ptrace"));

        assertThat(probe.sample(rootsProcess.pid())).containsEntry("uid", "0").containsEntry("tcp", "known")
                .hasEntrySatisfying("fds", fds -> assertThat(Integer.parseInt(fds)).isPositive());
    }

    /** Without root there is no other user to become: this JVM is the unprivileged agent, and pid 1 is someone else's. */
    private void seesPid1PartlyWhenThisJvmIsNotRoot() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults());
        final List<ProcessSample> samples = sampler.sample(Instant.now());

        assertThat(samples).filteredOn(s -> s.getPid() == 1).singleElement().satisfies(init -> {
            if (FD_SIZE_IS_COUNT) {
                assertThat(init.getFdCount()).isNotNull();
            } else {
                assertThat(init.getFdCount()).isNull();
            }
            assertThat(init.getTcp()).isNull();
            assertThat(init.getThreads()).isPositive();
        });
        assertThat(samples).filteredOn(s -> s.getPid() == ProcessHandle.current().pid()).singleElement()
                .satisfies(self -> assertThat(self.getTcp()).isNotNull());
        assertThat(sampler.errors().permissionDenied(ProcFile.FD)).isPositive();
    }

    private Probe runProbe(Path dir, List<String> capabilities) throws Exception {
        final Path classpath = readableClasspath(dir);
        final List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        command.addAll(capabilities);
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-cp",
                String.join(":", listClasspath(classpath)), NonRootProbe.class.getName()));
        final Process probe = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
        final String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as("the probe as nobody (setpriv, from util-linux, must be installed): %s", out).isZero();
        return new Probe(out);
    }

    /** The probe's classes and jars, copied where user nobody may read them (this JVM's may sit under /root). */
    private static Path readableClasspath(Path dir) throws IOException, java.net.URISyntaxException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path target = Files.createDirectories(dir.resolve("classpath"));
        final Class<?>[] anchors = {NonRootProbe.class, ProcessSampler.class, ProcessSample.class, org.apache.avro.Schema.class,
            com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.databind.ObjectMapper.class,
            com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.Logger.class};
        int index = 0;
        for (Class<?> anchor : anchors) {
            final Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path copy = target.resolve(String.format("%02d-%s", index++, source.getFileName()));
            if (Files.isDirectory(source)) {
                copyTree(source, copy);
            } else {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> all = Files.walk(target)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return target;
    }

    private static List<String> listClasspath(Path classpath) throws IOException {
        try (Stream<Path> entries = Files.list(classpath)) {
            return entries.sorted().map(Path::toString).toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    /** The soft fd limit that a child of this JVM inherits, as the probe reports it. */
    private String limitOfThisJvmsChildren() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(rootsProcess.pid()), "limits"))) {
            if (line.startsWith("Max open files")) {
                final String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? "null" : soft;
            }
        }
        throw new AssertionError("no Max open files line");
    }

    /** The probe's output: a map of fields per sampled pid, and the permission errors per file. */
    private static final class Probe {
        final Map<Long, Map<String, String>> samples = new HashMap<>();
        final Map<String, Long> denied = new HashMap<>();
        final long self;

        Probe(String out) {
            long selfPid = -1;
            for (String line : out.split("\n")) {
                if (line.startsWith("sample ")) {
                    final Map<String, String> fields = new HashMap<>();
                    for (String pair : line.substring("sample ".length()).split(" ")) {
                        final int eq = pair.indexOf('=');
                        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    samples.put(Long.parseLong(fields.get("pid")), fields);
                } else if (line.startsWith("denied ")) {
                    final String[] pair = line.substring("denied ".length()).split("=");
                    denied.put(pair[0], Long.parseLong(pair[1]));
                } else if (line.startsWith("self ")) {
                    selfPid = Long.parseLong(line.substring("self ".length()).trim());
                }
            }
            this.self = selfPid;
            assertThat(samples).as("the probe printed samples: %s", out).isNotEmpty();
        }

        Map<String, String> sample(long pid) {
            assertThat(samples).as("pid %d was sampled", pid).containsKey(pid);
            return samples.get(pid);
        }
    }
}
