package dev.leakwatch.agent.procfs;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads files from the real file system to end of file, whatever size {@code stat} claims: /proc
 * and sysfs files report a size of 0 or 4096 that has nothing to do with their content. A cap keeps
 * a broken or hostile file from exhausting the agent's memory.
 *
 * <p>Small files are read into a per-thread buffer: every system call counts when a tick reads a
 * few files of each of a thousand processes, and this path makes one {@code open}, one {@code read}
 * (two unless single-shot) and one {@code close} per small file, and no garbage but the text.
 */
public final class CappedProcFiles implements ProcFiles {
    /** /proc/PID/status is about 1.5 KiB and /proc/stat grows with the CPU count; 1 MiB is far above both. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** FileInputStream copies reads of up to 8 KiB through a stack buffer and mallocs above that. */
    private static final int CHUNK = 8192;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    private static final ThreadLocal<ByteBuffer> DIRECT_BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));

    private final int maxBytes;

    public CappedProcFiles(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the size cap for /proc files must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public String read(Path file) throws IOException {
        return readText(file, false);
    }

    @Override
    public String readSingleShot(Path file) throws IOException {
        return readText(file, true);
    }

    private String readText(Path file, boolean shortReadIsEnd) throws IOException {
        byte[] buffer = BUFFERS.get();
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length > maxBytes) {
                        throw new ProcFileTooLargeException(file, maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBytes + 1));
                }
                final int asked = Math.min(CHUNK, buffer.length - length);
                final int n = in.read(buffer, length, asked);
                if (n <= 0) {
                    break;
                }
                length += n;
                if (length > maxBytes) {
                    throw new ProcFileTooLargeException(file, maxBytes);
                }
                if (shortReadIsEnd && n < asked) {
                    break;
                }
            }
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public RereadableFile openRereadable(Path file) throws IOException {
        return new OpenFile(file, FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public long size(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).size();
    }

    @Override
    public String readPrefix(Path file, int maxPrefixBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(Math.min(maxPrefixBytes, maxBytes)), StandardCharsets.UTF_8);
        }
    }

    @Override
    public byte[] readRange(Path file, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || length > maxBytes) {
            throw new IllegalArgumentException("cannot read " + length + " bytes at " + offset + " of " + file);
        }
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            in.position(offset);
            final ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining() && in.read(bytes) > 0) {
                // read until full or end of file
            }
            return Arrays.copyOf(bytes.array(), bytes.position());
        }
    }

    @Override
    public InputStream open(Path file) throws IOException {
        return new SeqFileTableStream(Files.newInputStream(file));
    }

    /**
     * {@link File#list} costs a third less than a directory stream (no Path per entry) but says
     * nothing about a failure; when it fails, the stream is asked again for the reason.
     */
    @Override
    public List<String> list(Path directory) throws IOException {
        final String[] listed = directory.toFile().list();
        if (listed != null) {
            return Arrays.asList(listed);
        }
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public String readLink(Path link) throws IOException {
        return Files.readSymbolicLink(link).toString();
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    /**
     * Reads with {@code pread} at offset 0, into the per-thread buffer; like {@link #readSingleShot}
     * a read that returns less than was asked for is the end.
     */
    private final class OpenFile implements RereadableFile {
        private final Path file;
        private final FileChannel channel;

        OpenFile(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public String reread() throws IOException {
            // a direct buffer saves the JDK's copy through a temporary one; stat and statm fit in one read
            final ByteBuffer direct = DIRECT_BUFFERS.get();
            direct.clear();
            final int n = channel.read(direct, 0);
            if (n < 0) {
                return "";
            }
            byte[] buffer = BUFFERS.get();
            if (n < direct.capacity()) {
                direct.flip();
                direct.get(buffer, 0, n);
                return new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length > maxBytes) {
                        throw new ProcFileTooLargeException(file, maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBytes + 1));
                }
                final int asked = buffer.length - length;
                final int read = channel.read(ByteBuffer.wrap(buffer, length, asked), length);
                if (read <= 0) {
                    break;
                }
                length += read;
                if (length > maxBytes) {
                    throw new ProcFileTooLargeException(file, maxBytes);
                }
                if (read < asked) {
                    break;
                }
            }
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only descriptor of /proc: nothing was left unwritten
            }
        }
    }
}
