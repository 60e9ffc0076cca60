package dev.leakwatch.agent.procfs;

import java.util.Collection;

/** Interprets a listing of /proc/PID/fd. */
public final class FdDirectory {
    private FdDirectory() {
    }

    /** Open descriptors: the kernel names each entry by its number, so only numeric names count. */
    public static int countOpen(Collection<String> entryNames) {
        int open = 0;
        for (String name : entryNames) {
            if (isDecimal(name)) {
                open++;
            }
        }
        return open;
    }

    /** Whether a fd/ entry name is a descriptor number. */
    public static boolean isDecimal(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
