package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code schema.lock} beside the master changelog: every changeset with its checksum, new
 * ones appended, for the target's dialect. A recorded changeset that was edited or removed is
 * changed only when accepted.
 */
@Mojo(name = LockMojo.GOAL, threadSafe = true)
public class LockMojo extends AbstractSchemaMojo {

    /** The goal name. */
    public static final String GOAL = "lock";

    /**
     * Recorded changesets whose edit or removal to accept, as {@code path::id::author}
     * (comma-separated), or {@code ALL}.
     */
    @Parameter(property = "schema.lock.accept")
    private String accept;

    /**
     * Liquibase short name of the production database, as for {@code schema:validate}: the tree is
     * validated for it before it is recorded, and changesets whose {@code dbms} excludes it are
     * not recorded. Unset: the dialect of {@code url}, else {@code h2}.
     */
    @Parameter(property = "schema.targetDatabase")
    private String targetDatabase;

    /** The deploy target's URL: when {@code targetDatabase} is unset, the dialect is taken from it. */
    @Parameter(property = "schema.url")
    private String url;

    @Override
    protected String targetDatabase() {
        return targetDialect(targetDatabase, url);
    }

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        Set<String> accepted = new LinkedHashSet<>();
        if (accept != null) {
            for (String identity : accept.split(",")) {
                if (!identity.isBlank()) {
                    accepted.add(identity.trim());
                }
            }
        }
        core.lock(settings, accepted);
    }
}
