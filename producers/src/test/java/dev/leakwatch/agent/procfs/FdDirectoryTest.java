package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FdDirectoryTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # release                  | at least 6.2
            6.18.44-fc-v782            | true
            6.2.0                      | true
            6.1.112-lts                | false
            5.15.0-101-generic         | false
            7.0                        | true
            4.18.0-553.el8_10.x86_64   | false
            garbage                    | false
            ''                         | false
            """)
    void comparesKernelReleases(String release, boolean atLeast) {
        assertThat(FdDirectory.kernelAtLeast(release, 6, 2)).isEqualTo(atLeast);
    }

    @Test
    void countsByListingUnderAFixtureTreeWhichIsNoProcFileSystem() {
        assertThat(FdDirectory.sizeIsCount(ProcFiles.system(), Fixtures.path(Fixtures.HOST_A))).isFalse();
    }

    @Test
    void theSizeOfFdIsTheDescriptorCountOnThisKernelWhenItSaysSo() throws Exception {
        final ProcFiles files = ProcFiles.system();
        final Path proc = Path.of("/proc");
        assumeThat(FdDirectory.sizeIsCount(files, proc)).as("Linux 6.2 or later").isTrue();
        // a process that holds still: this JVM's parent shell or pid 1 might not; a sleeping child does
        final Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            // until the child has exec'd sleep, it still holds the launcher's pipe: its fds change under us
            final Path comm = proc.resolve(Long.toString(sleeper.pid())).resolve("comm");
            final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!java.nio.file.Files.readString(comm).trim().equals("sleep")) {
                assertThat(System.nanoTime()).as("the child to exec sleep").isLessThan(deadline);
                Thread.sleep(10);
            }
            final Path fd = proc.resolve(Long.toString(sleeper.pid())).resolve("fd");
            final List<String> listed = List.of(new File(fd.toString()).list());
            assertThat(files.size(fd)).isEqualTo(FdDirectory.countOpen(listed)).isPositive();
            try (RereadableFile open = files.openRereadable(fd)) {
                assertThat(open.size()).isEqualTo(listed.size());
            }
        } finally {
            sleeper.destroy();
            sleeper.waitFor();
        }
    }
}
