package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the agent touches /proc and sysfs: whole-file reads, directory listings and an existence
 * check. An interface so that tests can stand in a double that fails one path the way the kernel
 * would (a permission error, a process that exits mid-read), which root cannot provoke for real.
 */
public interface ProcFiles {

    /**
     * The whole file as text. Throws {@link java.nio.file.NoSuchFileException} when it is gone,
     * {@link java.nio.file.AccessDeniedException} when it may not be read, and
     * {@link ProcFileTooLargeException} when it exceeds the reader's size cap.
     */
    String read(Path file) throws IOException;

    /** At most the first {@code maxBytes} bytes of the file as text (for files such as cmdline that may be huge). */
    String readPrefix(Path file, int maxBytes) throws IOException;

    /** The names of a directory's entries, in no particular order. */
    List<String> list(Path directory) throws IOException;

    boolean exists(Path path);

    /** The real file system, with the default size cap. */
    static ProcFiles system() {
        return new CappedProcFiles(CappedProcFiles.DEFAULT_MAX_BYTES);
    }
}
