package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Counts the descriptors of /proc/PID/fd. */
public final class FdDirectory {
    private FdDirectory() {
    }

    /** Open descriptors: the kernel names each entry by its number, so only numeric names count. */
    public static int countOpen(Collection<String> entryNames) {
        int open = 0;
        for (String name : entryNames) {
            if (isDecimal(name)) {
                open++;
            }
        }
        return open;
    }

    /**
     * Whether {@code stat} of /proc/PID/fd under this proc root reports the number of open
     * descriptors as the size, which Linux does since 6.2 (before, the size is 0): then one stat
     * counts them where a listing costs a getdents per 50-odd entries and a string per entry. Only a
     * real proc file system does it; a fixture tree is a plain directory.
     */
    public static boolean sizeIsCount(ProcFiles files, Path procRoot) {
        try {
            if (!"proc".equals(Files.getFileStore(procRoot).type())) {
                return false;
            }
            return kernelAtLeast(files.read(procRoot.resolve("sys").resolve("kernel").resolve("osrelease")), 6, 2);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a kernel release such as {@code 6.18.44-fc-v782} is at least major.minor. */
    static boolean kernelAtLeast(String release, int major, int minor) {
        final String[] parts = release.trim().split("[.-]", 3);
        if (parts.length < 2) {
            return false;
        }
        try {
            final int releaseMajor = Integer.parseInt(parts[0]);
            final int releaseMinor = Integer.parseInt(parts[1]);
            return releaseMajor > major || releaseMajor == major && releaseMinor >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a fd/ entry name is a descriptor number. */
    public static boolean isDecimal(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
