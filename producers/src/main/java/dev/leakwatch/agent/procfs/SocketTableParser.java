package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses /proc/PID/net/tcp, tcp6, udp and udp6 (one format for all four):
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 81544 1 ...
 * </pre>
 * Only the state ({@code st}, hex) and the socket inode (decimal) are needed. A socket in TIME_WAIT
 * has inode 0: it belongs to no process any more. A line that does not have this shape is counted
 * and skipped, so one odd line never costs the whole table.
 */
public final class SocketTableParser {
    private static final int STATE_TOKEN = 3;
    private static final int INODE_TOKEN = 9;

    @FunctionalInterface
    public interface Sink {
        /** One socket: its kernel state (1 = ESTABLISHED ... 11 = CLOSING for TCP; 7 = unconnected UDP) and inode. */
        void socket(int state, long inode);
    }

    /** What one table held: sockets handed to the sink, and lines that were neither a header nor a socket. */
    public record Counts(int sockets, int malformedLines) {
    }

    private SocketTableParser() {
    }

    public static Counts parse(InputStream in, Sink sink) throws IOException {
        final LineParser parser = new LineParser(sink);
        ProcLines.stream(in, parser);
        return new Counts(parser.sockets, parser.malformed);
    }

    public static Counts parse(String text, Sink sink) {
        final LineParser parser = new LineParser(sink);
        ProcLines.stream(text, parser);
        return new Counts(parser.sockets, parser.malformed);
    }

    private static final class LineParser implements ProcLines.LineSink {
        private final Sink sink;
        int sockets;
        int malformed;

        LineParser(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void line(byte[] bytes, int start, int end) {
            int token = 0;
            int i = start;
            long state = -1;
            long inode = -1;
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
                    if (i - tokenStart == 2 && bytes[tokenStart] == 's' && bytes[tokenStart + 1] == 'l') {
                        return; // the header
                    }
                    firstEndsWithColon = bytes[i - 1] == ':';
                } else if (token == STATE_TOKEN) {
                    state = ProcLines.hex(bytes, tokenStart, i);
                } else if (token == INODE_TOKEN) {
                    inode = ProcLines.decimal(bytes, tokenStart, i);
                    break;
                }
                token++;
            }
            if (token == 0) {
                return; // a blank line
            }
            if (!firstEndsWithColon || state < 0 || state > 0xFF || inode < 0) {
                malformed++;
                return;
            }
            sockets++;
            sink.socket((int) state, inode);
        }
    }
}
