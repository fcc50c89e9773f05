package dev.schemacode.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to deploy.
 *
 * @param tag a tag to set on the target after a successful deploy (e.g. the project version),
 *     or {@code null}
 * @param dryRun write the SQL that would run to {@code sqlDir} and change nothing
 * @param allowUnknownChangesets deploy even when the target has applied changesets the changelog
 *     does not contain
 * @param lockTimeout how long to wait for another deployer of the same target to finish
 * @param sqlDir where a dry run writes {@code deploy-<database>.sql}
 * @param goal the goal's name in log lines, e.g. {@code schema:sql}
 */
public record DeployConfig(String tag, boolean dryRun, boolean allowUnknownChangesets, Duration lockTimeout, Path sqlDir,
        String goal) {

    /** Settings for {@code schema:deploy}. */
    public DeployConfig(String tag, boolean dryRun, boolean allowUnknownChangesets, Duration lockTimeout, Path sqlDir) {
        this(tag, dryRun, allowUnknownChangesets, lockTimeout, sqlDir, "schema:deploy");
    }

    public DeployConfig {
        tag = tag == null || tag.isBlank() ? null : tag.trim();
        lockTimeout = lockTimeout == null ? Duration.ofSeconds(300) : lockTimeout;
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must be 0 or more seconds, was " + lockTimeout.toSeconds());
        }
        Objects.requireNonNull(sqlDir, "sqlDir");
        goal = goal == null ? "schema:deploy" : goal;
    }
}
