package dev.leakwatch.agent.procfs;

/** The text of a /proc or cgroup file does not have the shape its parser expects. */
public final class MalformedProcFileException extends IllegalArgumentException {
    public MalformedProcFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    public MalformedProcFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
