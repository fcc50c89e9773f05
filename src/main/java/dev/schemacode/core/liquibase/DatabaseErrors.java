package dev.schemacode.core.liquibase;

import java.sql.SQLException;

/** Turns what Liquibase and JDBC throw into one line users can read. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /** @return the first throwable of {@code type} in the cause chain of {@code failure}, or {@code null} */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @return the database's own message from the deepest SQL exception (or the failed
     *     precondition), on one line, with the statement that failed cut to 200 characters
     */
    public static String describe(Throwable failure) {
        liquibase.exception.PreconditionFailedException precondition = find(failure, liquibase.exception.PreconditionFailedException.class);
        if (precondition != null && !precondition.getFailedPreconditions().isEmpty()) {
            return "precondition failed: " + String.join("; ", precondition.getFailedPreconditions().stream()
                    .map(f -> f.getMessage()).toList());
        }
        String sql = null;
        String other = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                sql = t.getMessage();
            } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
                other = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = sql != null ? sql : other != null ? other : failure.getClass().getSimpleName();
        String statement = null;
        int at = message.indexOf("; SQL statement:");
        if (at >= 0) {
            statement = message.substring(at + "; SQL statement:".length()).replaceAll("\\s*\\[\\d+-\\d+]\\s*$", "").trim();
            message = message.substring(0, at);
        }
        message = message.replaceAll("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "").replaceAll("\\s+", " ").trim();
        if (statement != null && !statement.isEmpty()) {
            String oneLine = statement.replaceAll("\\s+", " ");
            message += "; statement: " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine);
        }
        return message;
    }

}
