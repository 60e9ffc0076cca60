package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * How the agent touches /proc and sysfs: whole-file reads, files kept open to be read again, streamed
 * reads of large tables, directory listings, symbolic links, sizes and an existence check. An interface so that tests can stand in a double
 * that fails one path the way the kernel would (a permission error, a process that exits mid-read),
 * which root cannot provoke for real.
 */
public interface ProcFiles {

    /**
     * The whole file as text. Throws {@link java.nio.file.NoSuchFileException} when it is gone,
     * {@link java.nio.file.AccessDeniedException} when it may not be read, and
     * {@link ProcFileTooLargeException} when it exceeds the reader's size cap.
     */
    String read(Path file) throws IOException;

    /**
     * Like {@link #read} for files the kernel generates in one piece on the first read (per-process
     * {@code stat}, {@code statm}, sysfs attributes): a read that returns less than was asked for is
     * the end, which saves the extra read that would only return end-of-file. Never use it for
     * multi-record tables such as {@code net/tcp}, which come in page-sized pieces.
     */
    default String readSingleShot(Path file) throws IOException {
        return read(file);
    }

    /** At most the first {@code maxBytes} bytes of the file as text (for files such as cmdline that may be huge). */
    String readPrefix(Path file, int maxBytes) throws IOException;

    /** At most {@code length} bytes from {@code offset} (for headers of binaries); fewer at the end of the file. */
    byte[] readRange(Path file, long offset, int length) throws IOException;

    /**
     * A table as a stream, for tables too large to hold as text ({@code net/tcp} of a busy host);
     * the real file system's stream ends at a read that is evidently the table's last
     * ({@link SeqFileTableStream}).
     */
    InputStream open(Path file) throws IOException;

    /**
     * Opens a small single-shot file (see {@link #readSingleShot}), or a directory, to be read or
     * measured again every tick. The default goes by path each time, which is what test doubles that
     * fail a path need.
     */
    default RereadableFile openRereadable(Path file) throws IOException {
        return new RereadableFile() {
            @Override
            public String reread() throws IOException {
                return readSingleShot(file);
            }

            @Override
            public long size() throws IOException {
                return ProcFiles.this.size(file);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    /**
     * The size that {@code stat} reports, following links. For /proc/PID/fd, Linux 6.2 and later
     * report the number of open descriptors there (older kernels report 0).
     */
    default long size(Path path) throws IOException {
        return attributes(path).size();
    }

    /** The names of a directory's entries, in no particular order. */
    List<String> list(Path directory) throws IOException;

    /** The target of a symbolic link, such as {@code socket:[12345]} for an entry of /proc/PID/fd. */
    String readLink(Path link) throws IOException;

    /** The attributes of the file a path leads to, following links (used to recognise an executable already seen). */
    BasicFileAttributes attributes(Path path) throws IOException;

    boolean exists(Path path);

    /** The real file system, with the default size cap. */
    static ProcFiles system() {
        return new CappedProcFiles(CappedProcFiles.DEFAULT_MAX_BYTES);
    }
}
