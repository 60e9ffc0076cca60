package dev.leakwatch.agent.procfs;

/**
 * Interprets the targets of the magic links under /proc/PID: {@code fd/N} reads
 * {@code socket:[81544]} for a socket, and {@code ns/net} reads {@code net:[4026531840]}.
 */
public final class LinkTargets {
    private static final String SOCKET = "socket:[";
    private static final String NET = "net:[";

    private LinkTargets() {
    }

    /** The socket's inode, or -1 when the descriptor is not a socket (a file, a pipe, an anon inode...). */
    public static long socketInode(String target) {
        return bracketedNumber(target, SOCKET);
    }

    /** The network namespace's inode, or -1 when the text is not a {@code net:[N]} link. */
    public static long netNamespaceInode(String target) {
        return bracketedNumber(target, NET);
    }

    private static long bracketedNumber(String target, String prefix) {
        final int end = target.length() - 1;
        if (!target.startsWith(prefix) || end <= prefix.length() || target.charAt(end) != ']' || end - prefix.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = prefix.length(); i < end; i++) {
            final int digit = target.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
