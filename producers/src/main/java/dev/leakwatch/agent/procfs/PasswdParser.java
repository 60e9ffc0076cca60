package dev.leakwatch.agent.procfs;

import java.util.HashMap;
import java.util.Map;

/** Parses /etc/passwd ({@code name:password:uid:gid:gecos:home:shell}) into user names by uid. */
public final class PasswdParser {
    private PasswdParser() {
    }

    /** The first name listed for each uid; lines that are comments or do not parse are skipped. */
    public static Map<Integer, String> namesByUid(String text) {
        final Map<Integer, String> names = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty()) {
                continue;
            }
            try {
                names.putIfAbsent(Integer.parseInt(fields[2].trim()), fields[0]);
            } catch (NumberFormatException notAUid) {
                // skipped, like a line the C library would not match either
            }
        }
        return names;
    }
}
