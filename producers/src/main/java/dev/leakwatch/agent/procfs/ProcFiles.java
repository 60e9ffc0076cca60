package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * How the agent touches /proc and sysfs: whole-file reads, streamed reads of large tables, directory
 * listings, symbolic links and an existence check. An interface so that tests can stand in a double
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

    /** The file as a stream, for tables too large to hold as text ({@code net/tcp} of a busy host). */
    InputStream open(Path file) throws IOException;

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
