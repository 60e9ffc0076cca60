package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The captured /proc and cgroup trees under src/test/resources/proc-fixtures. */
public final class Fixtures {
    /** A proc root: real captures from a Linux 6.18 host, renumbered, plus crafted odd cases. */
    public static final String HOST_A = "host-a";
    /** A sysfs cgroup root for HOST_A: a v1 memory hierarchy under memory/ and a v2 tree at the top. */
    public static final String CGROUP_A = "cgroup-a";
    /** btime in host-a/stat. */
    public static final long HOST_A_BOOT_TIME_SECONDS = 1_795_614_976L;
    /** MemTotal in host-a/meminfo: 24683620 kB. */
    public static final long HOST_A_MEM_TOTAL_BYTES = 24_683_620L * 1024;

    private Fixtures() {
    }

    public static Path path(String relative) {
        final URL url = Fixtures.class.getResource("/proc-fixtures/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture proc-fixtures/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
