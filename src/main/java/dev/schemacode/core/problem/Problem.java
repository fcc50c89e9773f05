package dev.schemacode.core.problem;

import java.util.Objects;

/**
 * One thing wrong with the user's changelogs or configuration, formatted as one line:
 * {@code path:line: message}.
 *
 * @param severity whether it fails the build
 * @param code a stable short identifier of the kind of problem, e.g. {@code parse},
 *     {@code validation}, {@code duplicate-changeset}, {@code update-failed}
 * @param location where it is; {@link Location#NONE} when nowhere in particular
 * @param message what is wrong and what to do, one line, never containing a password
 */
public record Problem(Severity severity, String code, Location location, String message) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        message = oneLine(message);
    }

    /** An error at the given location. */
    public static Problem error(String code, Location location, String message) {
        return new Problem(Severity.ERROR, code, location, message);
    }

    /** A warning at the given location. */
    public static Problem warning(String code, Location location, String message) {
        return new Problem(Severity.WARNING, code, location, message);
    }

    /** @return {@code location: message}, or only the message when the location is empty. */
    public String format() {
        Location shown = location;
        if (location.changeset() != null && message.contains(location.changeset())) {
            shown = new Location(location.path(), location.line(), null);
        }
        String where = shown.format();
        return where.isEmpty() ? message : where + ": " + message;
    }

    /** Collapses line breaks and runs of blanks so a problem is always one log line. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").replaceAll("[ \\t]{2,}", " ").trim();
    }

    @Override
    public String toString() {
        return format();
    }
}
