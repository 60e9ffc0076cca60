package dev.leakwatch.serde;

/**
 * A schema registry request that failed: either the registry answered with an error (then
 * {@link #status()} and {@link #errorCode()} carry Confluent's HTTP status and error_code), or no
 * registry answered at all (status 0).
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Confluent's error_code for an unknown subject. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's error_code for an unknown schema (by id, or not under a subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int status;
    private final int errorCode;

    SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status the registry answered with; 0 when no registry answered. */
    public int status() {
        return status;
    }

    /** Confluent's error_code from the response body; -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry said the subject or schema does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }
}
