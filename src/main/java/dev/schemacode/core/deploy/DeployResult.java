package dev.schemacode.core.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a deploy did.
 *
 * @param target the target's masked URL
 * @param applied identities ({@code path::id::author}) of the changesets applied, in order (for a
 *     dry run: those that would be)
 * @param alreadyApplied changesets the target had applied before
 * @param skipped changesets excluded by context, label or {@code dbms} filters
 * @param tag the tag set, or {@code null}
 * @param sqlFile the SQL written by a dry run, or {@code null}
 * @param elapsed wall time
 */
public record DeployResult(String target, List<String> applied, int alreadyApplied, int skipped, String tag,
        Path sqlFile, Duration elapsed) {

    public DeployResult {
        applied = List.copyOf(applied);
    }
}
