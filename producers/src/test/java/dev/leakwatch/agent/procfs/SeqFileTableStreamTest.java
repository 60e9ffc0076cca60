package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SeqFileTableStreamTest {

    /** Hands out the given chunk sizes one read at a time, then end-of-file, and counts the reads. */
    private static final class Chunks extends InputStream {
        private final int[] sizes;
        int reads;

        Chunks(int... sizes) {
            this.sizes = sizes;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            final int index = reads++;
            if (index >= sizes.length) {
                return -1;
            }
            final int n = Math.min(length, sizes[index]);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }
    }

    private static long drain(InputStream in) throws IOException {
        final byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            total += n;
        }
        return total;
    }

    @Test
    void endsAtAReadThatStoppedWellShortOfAPageWithoutReadingAgain() throws IOException {
        final Chunks kernel = new Chunks(4050, 4050, 1200);

        assertThat(drain(new SeqFileTableStream(kernel))).isEqualTo(4050 + 4050 + 1200);
        assertThat(kernel.reads).as("no read that would only return end-of-file").isEqualTo(3);
    }

    @Test
    void readsOnAfterAReadThatStoppedOnlyBecauseTheNextRecordDidNotFitThePage() throws IOException {
        final Chunks kernel = new Chunks(4050, 3950);

        assertThat(drain(new SeqFileTableStream(kernel))).isEqualTo(4050 + 3950);
        assertThat(kernel.reads).isEqualTo(3);
    }

    @Test
    void readsOnAfterAShortReadThatFilledWhatWasAskedFor() throws IOException {
        final Chunks kernel = new Chunks(100, 100, 100);
        final SeqFileTableStream in = new SeqFileTableStream(kernel);
        final byte[] buffer = new byte[100];

        assertThat(in.read(buffer, 0, 100)).isEqualTo(100);
        assertThat(in.read(buffer, 0, 100)).isEqualTo(100);
        assertThat(in.read(buffer, 0, 100)).isEqualTo(100);
        assertThat(in.read(buffer, 0, 100)).isEqualTo(-1);
    }

    /**
     * A table of many pages from the real kernel: every listening socket this test opens is in what
     * the stream returns, so no page-sized read was taken for the end.
     */
    @Test
    void readsEveryPageOfTheRealTcpTables() throws IOException {
        final List<ServerSocket> listening = new ArrayList<>();
        final Set<String> ports = new HashSet<>();
        try {
            for (int i = 0; i < 150; i++) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                listening.add(socket);
                ports.add(String.format(Locale.ROOT, ":%04X ", socket.getLocalPort()));
            }
            final String tables = read(Path.of("/proc/self/net/tcp")) + read(Path.of("/proc/self/net/tcp6"));

            assertThat(tables.length()).as("several pages").isGreaterThan(5 * SeqFileTableStream.PAGE);
            final Set<String> found = new HashSet<>();
            for (String line : tables.split("\n")) {
                for (String port : ports) {
                    if (line.contains(port + "00000000:0000 0A") || line.contains(port + "00000000000000000000000000000000:0000 0A")) {
                        found.add(port);
                    }
                }
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(ports);
        } finally {
            for (ServerSocket socket : listening) {
                socket.close();
            }
        }
    }

    private static String read(Path table) throws IOException {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (InputStream in = ProcFiles.system().open(table)) {
            in.transferTo(text);
        }
        return text.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
