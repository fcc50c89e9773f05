package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parses the whole changelog tree from the source resource directories and runs Liquibase's
 * validation, touching no database. Reports every problem as {@code path:line: message}, then
 * fails the build.
 */
@Mojo(name = ValidateMojo.GOAL, defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractSchemaMojo {

    /** The goal name. */
    public static final String GOAL = "validate";

    /** Skips this goal only. */
    @Parameter(property = "schema.validate.skip", defaultValue = "false")
    private boolean skipValidate;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected String skipReason() {
        String reason = super.skipReason();
        return reason != null ? reason : skipValidate ? "schema.validate.skip" : null;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.validate(settings);
    }
}
