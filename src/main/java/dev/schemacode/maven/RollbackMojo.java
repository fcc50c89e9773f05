package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rolls the target back, newest first: the changesets applied after {@code rollbackTag}, the last
 * {@code rollbackCount}, or those applied after {@code rollbackDate}; with {@code dryRun}, writes
 * the SQL to {@code target/schema/rollback-<database>.sql} instead.
 */
@Mojo(name = RollbackMojo.GOAL, threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class RollbackMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "rollback";

    /** Roll back everything applied after this tag. */
    @Parameter(property = "schema.rollbackTag")
    private String rollbackTag;

    /** Roll back the last N changesets applied. */
    @Parameter(property = "schema.rollbackCount")
    private Integer rollbackCount;

    /** Roll back what was applied after this ISO-8601 instant or date (e.g. 2026-11-29T10:00:00Z or 2026-11-29). */
    @Parameter(property = "schema.rollbackDate")
    private String rollbackDate;

    /** Write the SQL that would run and change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        java.time.Instant date = dev.schemacode.core.deploy.TargetTasks.RollbackRequest.parseDate(rollbackDate);
        String tag = rollbackTag == null || rollbackTag.isBlank() ? null : rollbackTag.trim();
        dev.schemacode.core.deploy.TargetTasks.RollbackRequest request =
                new dev.schemacode.core.deploy.TargetTasks.RollbackRequest(tag, rollbackCount, date);
        core.onTarget("schema:rollback", settings, target(), targetConfig(dryRun), tasks -> tasks.rollback(request));
    }
}
