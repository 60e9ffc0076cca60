package dev.leakwatch.detect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.leakwatch.detect.trend.VarInts;

/** What a process is called: its command name, service and version (the last two may be null). */
public record ProcessLabels(String name, String service, String version) {
    public static final ProcessLabels UNKNOWN = new ProcessLabels("", null, null);
    private static final int MAX_LABEL_BYTES = 256;

    public ProcessLabels {
        name = name == null ? "" : name;
    }

    int maxEncodedBytes() {
        return 3 * (MAX_LABEL_BYTES + VarInts.MAX_BYTES);
    }

    void writeTo(ByteBuffer out) {
        write(out, name);
        write(out, service);
        write(out, version);
    }

    /** What {@link #writeTo} writes, as an array to keep. */
    byte[] encoded() {
        ByteBuffer out = ByteBuffer.allocate(maxEncodedBytes());
        writeTo(out);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    static ProcessLabels readFrom(ByteBuffer in) {
        return new ProcessLabels(read(in), read(in), read(in));
    }

    private static void write(ByteBuffer out, String value) {
        if (value == null) {
            VarInts.writeUnsigned(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_LABEL_BYTES);
        VarInts.writeUnsigned(out, length + 1);
        out.put(bytes, 0, length);
    }

    private static String read(ByteBuffer in) {
        int code = (int) VarInts.readUnsigned(in);
        if (code == 0) {
            return null;
        }
        byte[] bytes = new byte[code - 1];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
