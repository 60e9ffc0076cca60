package dev.leakwatch.agent.procfs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what container runtimes and systemd write into cgroup path names:
 * <ul>
 *   <li>Docker (cgroupfs driver) {@code /docker/<id>}; Docker with the systemd driver
 *       {@code /system.slice/docker-<id>.scope};</li>
 *   <li>Kubernetes {@code /kubepods/burstable/pod<uid>/<id>} and
 *       {@code /kubepods.slice/.../cri-containerd-<id>.scope} or {@code crio-<id>.scope};</li>
 *   <li>Podman {@code libpod-<id>.scope}; systemd services {@code /system.slice/nginx.service}.</li>
 * </ul>
 * A container id is 64 hexadecimal digits; CRI-O's {@code crio-conmon-<id>.scope} is the monitor
 * beside the container, not the container, so it is not taken.
 */
public final class CgroupNames {
    private static final Pattern CONTAINER_SEGMENT = Pattern.compile("(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?([0-9a-f]{64})(?:\\.scope)?");
    private static final Pattern SERVICE_SEGMENT = Pattern.compile("(.+?)(?:@[^/]*)?\\.service");

    private CgroupNames() {
    }

    /** The deepest path segment that names a container, or empty. */
    public static Optional<String> containerId(String cgroupPath) {
        final String[] segments = cgroupPath.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            final String segment = segments[i];
            if (segment.contains("conmon")) {
                continue;
            }
            final Matcher matcher = CONTAINER_SEGMENT.matcher(segment);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** The deepest {@code *.service} segment as a service name: {@code getty@tty1.service} is {@code getty}. */
    public static Optional<String> systemdService(String cgroupPath) {
        final String[] segments = cgroupPath.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            final Matcher matcher = SERVICE_SEGMENT.matcher(segments[i]);
            if (matcher.matches() && !matcher.group(1).isEmpty()) {
                return Optional.of(unescape(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    /** systemd escapes characters in unit names as {@code \xNN} (a '-' in a path becomes {@code \x2d}). */
    private static String unescape(String name) {
        if (name.indexOf('\\') < 0) {
            return name;
        }
        final StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c == '\\' && i + 3 < name.length() && name.charAt(i + 1) == 'x'
                    && Character.digit(name.charAt(i + 2), 16) >= 0 && Character.digit(name.charAt(i + 3), 16) >= 0) {
                out.append((char) Integer.parseInt(name.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
