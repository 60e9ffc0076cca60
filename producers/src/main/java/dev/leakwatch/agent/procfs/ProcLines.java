package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams the lines of a table such as /proc/net/tcp without turning them into strings: a busy host
 * has hundreds of thousands of sockets, and the agent reads these tables every tick.
 */
final class ProcLines {
    /** Longer lines are not socket lines; they are handed over cut, and their parser rejects them. */
    static final int MAX_LINE = 4096;
    private static final int CHUNK = 64 * 1024;

    @FunctionalInterface
    interface LineSink {
        /** One line without its newline: {@code bytes[start, end)}. */
        void line(byte[] bytes, int start, int end);
    }

    private ProcLines() {
    }

    static void stream(InputStream in, LineSink sink) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int filled = 0;
        while (true) {
            if (filled == buffer.length) {
                // a line longer than the buffer: hand over its head, drop the rest of it
                sink.line(buffer, 0, Math.min(filled, MAX_LINE));
                filled = skipToNextLine(in, buffer);
                if (filled < 0) {
                    return;
                }
            }
            final int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            final int scanFrom = filled;
            filled += n;
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buffer[i] == '\n') {
                    sink.line(buffer, lineStart, Math.min(i, lineStart + MAX_LINE));
                    lineStart = i + 1;
                }
            }
            if (lineStart > 0) {
                System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                filled -= lineStart;
            }
        }
        if (filled > 0) {
            sink.line(buffer, 0, Math.min(filled, MAX_LINE));
        }
        Arrays.fill(buffer, (byte) 0);
    }

    /** Reads past the end of an overlong line; returns how many bytes of the next lines are in the buffer, or -1 at end of file. */
    private static int skipToNextLine(InputStream in, byte[] buffer) throws IOException {
        while (true) {
            final int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    System.arraycopy(buffer, i + 1, buffer, 0, n - i - 1);
                    return n - i - 1;
                }
            }
        }
    }

    static void stream(String text, LineSink sink) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                sink.line(bytes, lineStart, Math.min(i, lineStart + MAX_LINE));
                lineStart = i + 1;
            }
        }
        if (lineStart < bytes.length) {
            sink.line(bytes, lineStart, Math.min(bytes.length, lineStart + MAX_LINE));
        }
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** The value of a hexadecimal token, or -1 when it is not one (or longer than 15 digits). */
    static long hex(byte[] bytes, int start, int end) {
        if (start >= end || end - start > 15) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            final int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The value of a decimal token, or -1 when it is not one (or longer than 18 digits). */
    static long decimal(byte[] bytes, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
