package dev.schemacode.core.problem;

/**
 * Where a problem is.
 *
 * @param path the file, relative to the project directory with {@code /} separators when it lies
 *     inside the project, else absolute (a file in a dependency jar is {@code jar-path!/entry});
 *     {@code null} when the problem concerns no file (a missing changelog, a bad parameter)
 * @param line 1-based line in {@code path}, or {@code 0} when unknown
 * @param changeset the changeset identity {@code path::id::author}, or {@code null}
 */
public record Location(String path, int line, String changeset) {

    /** A location that names nothing: configuration problems. */
    public static final Location NONE = new Location(null, 0, null);

    public Location {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
    }

    /** A file and line, no changeset. */
    public static Location of(String path, int line) {
        return new Location(path, line, null);
    }

    /**
     * Formats the location as users read it: {@code path:line} when the line is known, else
     * {@code path} followed by the changeset, else only what is known; empty for {@link #NONE}.
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (path != null) {
            out.append(path);
            if (line > 0) {
                out.append(':').append(line);
            }
        }
        if (changeset != null && (path == null || line == 0)) {
            if (out.length() > 0) {
                out.append(": ");
            }
            out.append("changeset ").append(changeset);
        }
        return out.toString();
    }
}
