package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** The kernel's base page size, from this JVM's own auxiliary vector; 4 KiB when that cannot be read. */
public final class PageSize {
    public static final int FALLBACK = 4096;
    private static final int AUXV_MAX_BYTES = 4096;

    private PageSize() {
    }

    /**
     * Reads {@code /proc/self/auxv} of the real proc file system: the agent runs on the kernel whose
     * processes it reads, even in a pod that mounts the host's /proc elsewhere.
     */
    public static int detect(ProcFiles files) {
        try {
            final byte[] auxv = files.readRange(Path.of("/proc/self/auxv"), 0, AUXV_MAX_BYTES);
            final int word = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
            return AuxvParser.pageSize(auxv, word, ByteOrder.nativeOrder()).orElse(FALLBACK);
        } catch (IOException | RuntimeException e) {
            return FALLBACK;
        }
    }
}
