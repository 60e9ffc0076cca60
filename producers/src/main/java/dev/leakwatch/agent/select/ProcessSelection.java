package dev.leakwatch.agent.select;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which processes the agent publishes, so that a host's cardinality stays bounded.
 *
 * <p>In order: a process matching any exclude pattern is left out; one matching an always-include
 * pattern (on comm or command line) is kept whatever follows; then every include dimension that is
 * set must match (within a dimension one pattern is enough: {@code --include-comm java
 * --include-comm python --include-user app} keeps java and python processes of user app); a process
 * below the minimum RSS is left out; and if more than {@code maxProcesses} remain, the largest by
 * RSS are kept (always-included ones come on top of the cap). Patterns are Java regular expressions found anywhere in the text (anchor them with
 * {@code ^...$}); users are names from the passwd file or numeric uids.
 *
 * @param maxProcesses at most this many processes per tick besides the always-included ones
 */
public record ProcessSelection(
        List<String> includeComm,
        List<String> excludeComm,
        List<String> includeCmdline,
        List<String> excludeCmdline,
        List<String> includeUsers,
        List<String> excludeUsers,
        List<String> alwaysInclude,
        long minRssBytes,
        int maxProcesses) {

    public static final int DEFAULT_MAX_PROCESSES = 1000;

    public ProcessSelection {
        includeComm = checkedPatterns("--include-comm", includeComm);
        excludeComm = checkedPatterns("--exclude-comm", excludeComm);
        includeCmdline = checkedPatterns("--include-cmdline", includeCmdline);
        excludeCmdline = checkedPatterns("--exclude-cmdline", excludeCmdline);
        alwaysInclude = checkedPatterns("--always-include", alwaysInclude);
        includeUsers = checkedUsers("--include-user", includeUsers);
        excludeUsers = checkedUsers("--exclude-user", excludeUsers);
        if (minRssBytes < 0) {
            throw new IllegalArgumentException("the minimum RSS cannot be negative, got " + minRssBytes + " bytes");
        }
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("the cap on processes per host must be at least 1, got " + maxProcesses
                    + "; the default is " + DEFAULT_MAX_PROCESSES);
        }
    }

    /** Every process (but kernel threads, which AgentSettings decides about), up to 1000 per host. */
    public static ProcessSelection all() {
        return new ProcessSelection(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, DEFAULT_MAX_PROCESSES);
    }

    public ProcessSelection withIncludeComm(List<String> patterns) {
        return new ProcessSelection(patterns, excludeComm, includeCmdline, excludeCmdline, includeUsers, excludeUsers, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withExcludeComm(List<String> patterns) {
        return new ProcessSelection(includeComm, patterns, includeCmdline, excludeCmdline, includeUsers, excludeUsers, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withIncludeCmdline(List<String> patterns) {
        return new ProcessSelection(includeComm, excludeComm, patterns, excludeCmdline, includeUsers, excludeUsers, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withExcludeCmdline(List<String> patterns) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, patterns, includeUsers, excludeUsers, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withIncludeUsers(List<String> users) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, excludeCmdline, users, excludeUsers, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withExcludeUsers(List<String> users) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, excludeCmdline, includeUsers, users, alwaysInclude, minRssBytes, maxProcesses);
    }

    public ProcessSelection withAlwaysInclude(List<String> patterns) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, excludeCmdline, includeUsers, excludeUsers, patterns, minRssBytes, maxProcesses);
    }

    public ProcessSelection withMinRssBytes(long bytes) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, excludeCmdline, includeUsers, excludeUsers, alwaysInclude, bytes, maxProcesses);
    }

    public ProcessSelection withMaxProcesses(int max) {
        return new ProcessSelection(includeComm, excludeComm, includeCmdline, excludeCmdline, includeUsers, excludeUsers, alwaysInclude, minRssBytes, max);
    }

    private static List<String> checkedPatterns(String flag, List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        for (String pattern : patterns) {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a non-empty regular expression");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(flag + " '" + pattern + "' is not a valid regular expression: " + e.getDescription(), e);
            }
        }
        return List.copyOf(patterns);
    }

    private static List<String> checkedUsers(String flag, List<String> users) {
        if (users == null) {
            return List.of();
        }
        for (String user : users) {
            if (user == null || user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException(flag + " needs a user name or a numeric uid, got '" + user + "'");
            }
        }
        return List.copyOf(users);
    }
}
