package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/** The host's node name, as the kernel knows it. */
public final class HostName {
    private HostName() {
    }

    /**
     * {@code sys/kernel/hostname} under the proc root (in a pod with the host's /proc mounted this
     * is the node's name, not the pod's), else what the JVM's resolver says about this machine.
     */
    public static String resolve(ProcFiles files, Path procRoot) {
        return fromProc(files, procRoot).orElseGet(HostName::fromResolver);
    }

    static Optional<String> fromProc(ProcFiles files, Path procRoot) {
        try {
            final String name = files.read(procRoot.resolve("sys/kernel/hostname")).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String fromResolver() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "cannot tell this host's name from /proc/sys/kernel/hostname or the resolver; set the host name explicitly", e);
        }
    }
}
