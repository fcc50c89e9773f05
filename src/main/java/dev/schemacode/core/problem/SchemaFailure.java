package dev.schemacode.core.problem;

import java.util.List;

/**
 * The user's changelogs or configuration are wrong: the build must fail ("BUILD FAILURE").
 * Carries every problem found, so all are reported at once.
 */
public class SchemaFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * @param summary one line saying what failed, e.g. "schema:validate found 3 problems"
     * @param problems the problems; the errors among them are why the build fails
     * @param cause the underlying exception, shown only with {@code -e}/{@code -X}; may be null
     */
    public SchemaFailure(String summary, List<Problem> problems, Throwable cause) {
        super(summary, cause);
        this.problems = List.copyOf(problems);
    }

    /** A failure with one problem, whose formatted line is also the summary. */
    public SchemaFailure(Problem problem) {
        this(problem.format(), List.of(problem), null);
    }

    /** A failure with one problem and the exception that revealed it. */
    public SchemaFailure(Problem problem, Throwable cause) {
        this(problem.format(), List.of(problem), cause);
    }

    /** @return every problem found, errors and warnings, in the order found. */
    public List<Problem> problems() {
        return problems;
    }
}
