package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Lists what the target has applied: when, which changeset, by which deployment, with its tag. */
@Mojo(name = HistoryMojo.GOAL, threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class HistoryMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "history";

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.onTarget("schema:history", settings, target(), targetConfig(false), tasks -> tasks.history());
    }
}
