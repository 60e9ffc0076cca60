package dev.leakwatch.agent.procfs;

import java.util.Optional;

/**
 * Looks up variables in /proc/PID/environ: {@code NAME=value} entries, each ended by a NUL byte. It
 * shows the environment the process was started with, which is where deployment tools put
 * {@code SERVICE_VERSION} and the like; later {@code setenv} calls do not show.
 */
public final class EnvironParser {
    private EnvironParser() {
    }

    /** The value of the first entry named {@code name}; empty when there is none (or it is empty). */
    public static Optional<String> lookup(String environ, String name) {
        int start = 0;
        final int length = environ.length();
        while (start < length) {
            int end = environ.indexOf('\0', start);
            if (end < 0) {
                end = length;
            }
            if (end - start > name.length() && environ.charAt(start + name.length()) == '=' && environ.startsWith(name, start)) {
                final String value = environ.substring(start + name.length() + 1, end).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
            start = end + 1;
        }
        return Optional.empty();
    }
}
