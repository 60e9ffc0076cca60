package dev.leakwatch.agent.procfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A /proc table ({@code net/tcp}, {@code udp}, {@code unix}, ...) read to its end without the read
 * that only returns end-of-file. The kernel serves such a table through {@code seq_file}: a read
 * fills a page-sized buffer record by record and stops early only when a record does not fit or the
 * table has ended. So a read that was asked for more and returned at most a page less the longest
 * record is the end, and the next read, which for {@code net/tcp} would walk the whole TCP hash
 * table again (about 0.6 ms on an idle 24 GiB host), is not made. A regular file (a fixture tree)
 * returns less than was asked for only at its end, so the rule holds there too.
 */
public final class SeqFileTableStream extends FilterInputStream {
    /** The smallest page size Linux uses: {@code seq_file}'s buffer is at least this. */
    static final int PAGE = 4096;
    /** Above any record of these tables: a tcp line is 150 bytes, a unix line with a 108-byte path under 200. */
    static final int LONGEST_RECORD = 512;

    private boolean ended;

    public SeqFileTableStream(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        final int n = super.read(buffer, offset, length);
        if (n < 0 || n < length && n <= PAGE - LONGEST_RECORD) {
            ended = true;
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        final byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }
}
