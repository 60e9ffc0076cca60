package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The captured /proc and cgroup trees under src/test/resources/proc-fixtures, read where they are in
 * the source tree: they hold symbolic links (fd/N, ns/net) that Maven's resource copying drops.
 */
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

    /** A proc root captured from real processes with sockets, one of them in its own network namespace. */
    public static final String HOST_B = "host-b";
    /** The server of host-b: listening, established, CLOSE_WAIT, IPv6, UDP and unix sockets. */
    public static final int HOST_B_SERVER = 30586;
    /** The client of host-b: the other ends of the server's connections. */
    public static final int HOST_B_CLIENT = 30588;
    /** A process of host-b alone in its network namespace, connected to itself. */
    public static final int HOST_B_NETNS = 30589;

    /** Surefire runs tests in the module's directory and says so in the basedir property. */
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "proc-fixtures");

    public static Path path(String relative) {
        final Path path = ROOT.resolve(relative);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no fixture " + path.toAbsolutePath());
        }
        return path;
    }

    public static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
