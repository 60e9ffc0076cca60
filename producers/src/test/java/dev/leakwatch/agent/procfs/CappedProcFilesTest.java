package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CappedProcFilesTest {

    @Test
    void readsProcFilesWhoseSizeIsReportedAsZero() throws Exception {
        final Path self = Path.of("/proc/self/status");
        assertThat(Files.size(self)).isZero();

        assertThat(ProcFiles.system().read(self)).contains("VmRSS:");
    }

    @Test
    void refusesAFileLargerThanTheCap(@TempDir Path dir) throws Exception {
        final Path big = Files.writeString(dir.resolve("big"), "x".repeat(101));

        assertThatThrownBy(() -> new CappedProcFiles(100).read(big))
                .isInstanceOf(ProcFileTooLargeException.class)
                .hasMessageContaining("100-byte cap");
        assertThat(new CappedProcFiles(101).read(big)).hasSize(101);
    }

    @Test
    void readsOnlyThePrefixItIsAskedFor(@TempDir Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("cmdline"), "abcdef");

        assertThat(ProcFiles.system().readPrefix(file, 3)).isEqualTo("abc");
    }

    @Test
    void reportsAMissingFileAsNoSuchFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ProcFiles.system().read(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listsDirectoryEntriesByName() throws Exception {
        assertThat(ProcFiles.system().list(Fixtures.path("host-a/1000/fd"))).containsExactlyInAnyOrder("0", "1", "2", "10", "251");
    }

    @Test
    void rejectsANonPositiveCap() {
        assertThatThrownBy(() -> new CappedProcFiles(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsAMissingDirectoryAsNoSuchFileWhenListing(@TempDir Path dir) {
        assertThatThrownBy(() -> ProcFiles.system().list(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rereadsAnOpenFileFromItsStartEachTime(@TempDir Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("stat"), "first");
        try (RereadableFile open = ProcFiles.system().openRereadable(file)) {
            assertThat(open.reread()).isEqualTo("first");
            Files.writeString(file, "second, longer");
            assertThat(open.reread()).isEqualTo("second, longer");
            assertThat(open.size()).isEqualTo("second, longer".length());
        }
    }

    @Test
    void rereadsAnOpenFileLargerThanOneBufferAndStillCapsIt(@TempDir Path dir) throws Exception {
        final String text = "0123456789".repeat(2_000);
        final Path file = Files.writeString(dir.resolve("big"), text);

        try (RereadableFile open = ProcFiles.system().openRereadable(file)) {
            assertThat(open.reread()).isEqualTo(text);
        }
        try (RereadableFile open = new CappedProcFiles(10_000).openRereadable(file)) {
            assertThatThrownBy(open::reread).isInstanceOf(ProcFileTooLargeException.class);
        }
    }

    @Test
    void anOpenProcFileFailsOnceItsProcessHasExited() throws Exception {
        final Process sleeper = new ProcessBuilder("sleep", "30").start();
        final Path stat = Path.of("/proc", Long.toString(sleeper.pid()), "stat");
        try (RereadableFile open = ProcFiles.system().openRereadable(stat)) {
            assertThat(open.reread()).startsWith(sleeper.pid() + " (sleep) ");
            sleeper.destroy();
            sleeper.waitFor();

            assertThatThrownBy(open::reread).isInstanceOf(IOException.class);
        }
    }
}
