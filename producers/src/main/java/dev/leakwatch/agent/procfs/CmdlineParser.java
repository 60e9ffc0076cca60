package dev.leakwatch.agent.procfs;

import java.util.Optional;

/** Parses /proc/PID/cmdline: arguments separated (and usually ended) by NUL bytes. */
public final class CmdlineParser {
    private CmdlineParser() {
    }

    /** Arguments joined by spaces, cut at {@code maxChars}; empty for kernel threads and zombies. */
    public static Optional<String> parse(String raw, int maxChars) {
        final String joined = raw.replace('\0', ' ').strip();
        if (joined.isEmpty()) {
            return Optional.empty();
        }
        if (joined.length() <= maxChars) {
            return Optional.of(joined);
        }
        // never split a surrogate pair: half a character is not valid UTF-16 and Avro would mangle it
        final int end = Character.isHighSurrogate(joined.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return Optional.of(joined.substring(0, end));
    }
}
