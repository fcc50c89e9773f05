package dev.schemacode.core.changelog;

import java.util.Set;
import liquibase.changelog.ChangeSet;

/**
 * Hears each changeset of the tree as soon as Liquibase has finished building it, while the rest
 * of the tree is still being parsed, so that work on it (validation) can overlap the parse. Only an
 * XML master changelog is heard this way (see {@link ChangelogLoader}); for other formats no call
 * arrives and the whole tree is available when parsing returns. Calls come on the parsing thread,
 * in the order changesets reach the master changelog (changelog order unless a changeset has a
 * {@code runOrder}).
 */
public interface ParseListener {

    /**
     * A parse attempt starts; everything heard before belongs to an abandoned attempt (parsing is
     * retried after a missing {@code customChange} class is replaced by a stand-in).
     *
     * @param sources maps this attempt's changesets to files and lines
     * @param standIns {@code customChange} classes replaced by stand-ins for this attempt
     */
    void attempt(SourceMap sources, Set<String> standIns);

    /** {@code changeSet} is final: Liquibase will not change it again while parsing. */
    void parsed(ChangeSet changeSet);
}
