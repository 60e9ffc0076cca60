package dev.leakwatch.agent.procfs;

import java.util.OptionalLong;

/**
 * Parses {@code net/sockstat} and {@code net/sockstat6} of a network namespace: one line per
 * protocol, a name and a colon, then pairs of a key and a count:
 * <pre>
 * TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1
 * TCP6: inuse 0
 * </pre>
 * {@code inuse} counts the sockets of that protocol in the kernel's hash tables (those {@code net/tcp}
 * or {@code net/tcp6} list with an inode); {@code tw} of {@code TCP} counts the namespace's TIME_WAIT
 * sockets of both IPv4 and IPv6.
 */
public final class SockstatParser {
    private static final String FILE = "/proc/PID/net/sockstat";

    private SockstatParser() {
    }

    /**
     * The count after {@code key} on the line of {@code protocol}; empty when the file has no such
     * line or the line no such key (another kernel's layout).
     *
     * @throws MalformedProcFileException when the key is there but not followed by a count
     */
    public static OptionalLong value(String text, String protocol, String key) {
        final String prefix = protocol + ":";
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (text.startsWith(prefix, lineStart)) {
                return valueOnLine(text.substring(lineStart + prefix.length(), lineEnd), protocol, key);
            }
            lineStart = lineEnd + 1;
        }
        return OptionalLong.empty();
    }

    private static OptionalLong valueOnLine(String pairs, String protocol, String key) {
        final String[] tokens = pairs.strip().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(key)) {
                if (i + 1 == tokens.length) {
                    throw new MalformedProcFileException(FILE, protocol + " " + key + " has no count");
                }
                try {
                    final long count = Long.parseLong(tokens[i + 1]);
                    if (count < 0) {
                        throw new MalformedProcFileException(FILE, protocol + " " + key + " is negative: " + count);
                    }
                    return OptionalLong.of(count);
                } catch (NumberFormatException e) {
                    throw new MalformedProcFileException(FILE, protocol + " " + key + " is not a count: " + tokens[i + 1], e);
                }
            }
        }
        return OptionalLong.empty();
    }
}
