package dev.schemacode.core.problem;

/**
 * Something outside the user's changelogs went wrong: I/O, an unreachable database, a bug.
 * The Maven plugin reports it as "BUILD ERROR". The message is one line, without passwords.
 */
public class SchemaError extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what went wrong and what to do
     * @param cause the underlying exception, shown only with {@code -e}/{@code -X}; may be null
     */
    public SchemaError(String message, Throwable cause) {
        super(message, cause);
    }
}
