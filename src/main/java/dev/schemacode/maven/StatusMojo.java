package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Lists the changesets a deploy would apply to the target, and any drift (edited, unknown or
 * re-pathed changesets) that would stop it; with {@code failIfPending}, fails when there is any.
 */
@Mojo(name = StatusMojo.GOAL, threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class StatusMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "status";

    /** Fail the build when changesets are pending or the history drifted. */
    @Parameter(property = "schema.failIfPending", defaultValue = "false")
    private boolean failIfPending;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.onTarget("schema:status", settings, target(), targetConfig(false), tasks -> tasks.status(failIfPending));
    }
}
