package dev.schemacode.maven.bridge;

import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Maps the core's exceptions to Maven's: a {@link SchemaFailure} (the user's changelogs or
 * configuration are wrong) becomes {@link MojoFailureException} ("BUILD FAILURE"); a
 * {@link SchemaError} or any other exception becomes {@link MojoExecutionException}. The message
 * stays one line; the cause rides along for {@code -e}/{@code -X}.
 */
public final class ProblemMapper {

    private ProblemMapper() {
    }

    /**
     * @param withCause whether to chain the cause; Maven appends every cause's message to the
     *     error line, so it is chained only when debug output ({@code -X}) is on
     * @return the Maven exception to throw for a core failure
     */
    public static MojoFailureException failure(SchemaFailure e, boolean withCause) {
        return withCause ? new MojoFailureException(e.getMessage(), e) : new MojoFailureException(e.getMessage());
    }

    /**
     * @param withCause as for {@link #failure}
     * @return the Maven exception to throw for a core error or an unexpected exception
     */
    public static MojoExecutionException error(Exception e, boolean withCause) {
        String message = e instanceof SchemaError ? e.getMessage() : "unexpected error in Schemacode: " + e;
        if (!withCause) {
            message += " (run with -X for details)";
        }
        return withCause ? new MojoExecutionException(message, e) : new MojoExecutionException(message);
    }
}
