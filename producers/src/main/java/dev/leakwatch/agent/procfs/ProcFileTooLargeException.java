package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.Path;

/** A file under /proc or sysfs was larger than the reader's cap, so it was not parsed at all. */
public final class ProcFileTooLargeException extends IOException {
    public ProcFileTooLargeException(Path file, int maxBytes) {
        super(file + " is larger than the " + maxBytes + "-byte cap for /proc files");
    }
}
