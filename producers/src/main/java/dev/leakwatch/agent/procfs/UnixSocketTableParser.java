package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Parses /proc/PID/net/unix for its socket inodes:
 * <pre>
 * Num       RefCount Protocol Flags    Type St Inode Path
 * 0000000000000000: 00000002 00000000 00010000 0001 01 20415 /run/systemd/notify
 * </pre>
 * The path may contain spaces (or be absent), so only the fields before it are read.
 */
public final class UnixSocketTableParser {
    private static final int INODE_TOKEN = 6;

    private UnixSocketTableParser() {
    }

    /** @return lines that were neither the header nor a socket */
    public static int parse(InputStream in, LongConsumer inodes) throws IOException {
        final LineParser parser = new LineParser(inodes);
        ProcLines.stream(in, parser);
        return parser.malformed;
    }

    public static int parse(String text, LongConsumer inodes) {
        final LineParser parser = new LineParser(inodes);
        ProcLines.stream(text, parser);
        return parser.malformed;
    }

    private static final class LineParser implements ProcLines.LineSink {
        private final LongConsumer inodes;
        int malformed;

        LineParser(LongConsumer inodes) {
            this.inodes = inodes;
        }

        @Override
        public void line(byte[] bytes, int start, int end) {
            int token = 0;
            int i = start;
            boolean firstEndsWithColon = false;
            while (i < end) {
                while (i < end && ProcLines.isBlank(bytes[i])) {
                    i++;
                }
                if (i >= end) {
                    break;
                }
                final int tokenStart = i;
                while (i < end && !ProcLines.isBlank(bytes[i])) {
                    i++;
                }
                if (token == 0) {
                    if (i - tokenStart == 3 && bytes[tokenStart] == 'N' && bytes[tokenStart + 1] == 'u' && bytes[tokenStart + 2] == 'm') {
                        return; // the header
                    }
                    firstEndsWithColon = bytes[i - 1] == ':';
                } else if (token == INODE_TOKEN) {
                    final long inode = ProcLines.decimal(bytes, tokenStart, i);
                    if (!firstEndsWithColon || inode < 0) {
                        malformed++;
                    } else {
                        inodes.accept(inode);
                    }
                    return;
                }
                token++;
            }
            if (token > 0) {
                malformed++;
            }
        }
    }
}
