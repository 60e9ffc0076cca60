package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.agent.procfs.ProcFiles;

/**
 * The sampler over a captured proc tree whose files are cut short or filled with noise, a few at a
 * time: every tick completes, garbled processes are counted, and nothing escapes.
 */
class SamplerFuzzTest {
    private static final int ROUNDS = 150;

    @Test
    void completesEveryTickOverGarbledProcFiles(@TempDir Path dir) throws Exception {
        final Path proc = dir.resolve("proc");
        copyTree(Fixtures.path(Fixtures.HOST_B), proc);
        // a garbled /proc/stat fails the tick by design: without the boot time no process has an identity
        final List<Path> files = regularFiles(proc).stream().filter(p -> !p.equals(proc.resolve("stat"))).toList();
        final Map<Path, byte[]> originals = new HashMap<>();
        for (Path file : files) {
            originals.put(file, Files.readAllBytes(file));
        }
        final Random random = new Random(20261125L);
        final AgentSettings settings = AgentSettings.defaults().withProcRoot(proc).withCgroupRoot(Fixtures.path(Fixtures.CGROUP_A))
                .withHostName("fuzz");

        for (int round = 0; round < ROUNDS; round++) {
            final List<Path> garbled = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                final Path file = files.get(random.nextInt(files.size()));
                Files.write(file, garble(originals.get(file), random));
                garbled.add(file);
            }
            final ProcessSampler sampler = new ProcessSampler(settings, ProcFiles.system(), 4096, System::nanoTime);

            final SamplerTick tick = sampler.tick(Instant.EPOCH);

            assertThat(tick.samples().size()).as("round %d garbled %s", round, garbled).isLessThanOrEqualTo(3);
            for (Path file : garbled) {
                Files.write(file, originals.get(file));
            }
        }
        final SamplerTick clean = new ProcessSampler(settings, ProcFiles.system(), 4096, System::nanoTime).tick(Instant.EPOCH);
        assertThat(clean.samples()).hasSize(3);
    }

    @Test
    void failsTheTickWithAClearMessageWhenTheBootTimeIsUnreadable(@TempDir Path dir) throws Exception {
        final Path proc = dir.resolve("proc");
        copyTree(Fixtures.path(Fixtures.HOST_B), proc);
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nbtime soon\n");
        final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults().withProcRoot(proc).withHostName("fuzz"),
                ProcFiles.system(), 4096, System::nanoTime);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampler.tick(Instant.EPOCH))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot read the boot time");
    }

    private static byte[] garble(byte[] original, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(original, original.length == 0 ? 0 : random.nextInt(original.length));
            case 1 -> {
                final byte[] noise = new byte[random.nextInt(400)];
                random.nextBytes(noise);
                yield noise;
            }
            default -> {
                final byte[] copy = original.clone();
                for (int i = 0; i < 1 + random.nextInt(10) && copy.length > 0; i++) {
                    copy[random.nextInt(copy.length)] = (byte) "()\n\0: x9-".charAt(random.nextInt(9));
                }
                yield copy;
            }
        };
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("evidence"))
                    .sorted().toList();
        }
    }
}
