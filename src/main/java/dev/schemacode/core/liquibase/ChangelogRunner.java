package dev.schemacode.core.liquibase;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.RuntimeEnvironment;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ChangeSetFilterResult;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.changelog.visitor.RollbackVisitor;
import liquibase.changelog.visitor.UpdateVisitor;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;

/**
 * Applies and rolls back changesets through Liquibase's own iterator, filters and visitors — the
 * parts its {@code update} and {@code rollback} commands are made of — without its command
 * pipeline, whose steps keep state across threads and reset global lock services in their
 * clean-up (fatal to parallel executions). Locking is the caller's business. Must be called
 * inside {@code LiquibaseRuntime#call}.
 */
public final class ChangelogRunner {

    private ChangelogRunner() {
    }

    /**
     * Creates the history table if needed and returns what the database has applied.
     *
     * @throws LiquibaseException when the history table cannot be read or created
     */
    public static List<RanChangeSet> history(Database database) throws LiquibaseException {
        ChangeLogHistoryService history = ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database);
        history.init();
        return history.getRanChangeSets();
    }

    /**
     * @return what the database has applied, without creating the history table when it is
     *     missing (then: nothing), for goals that only read
     * @throws LiquibaseException when the history table cannot be read
     */
    public static List<RanChangeSet> readHistory(Database database) throws LiquibaseException {
        return ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).getRanChangeSets();
    }

    /**
     * @return how many of {@code changeSets} the context, label or {@code dbms} filters exclude
     *     for this database (changesets Liquibase dropped while parsing are the caller's to add)
     */
    public static int countFiltered(List<ChangeSet> changeSets, Database database, Contexts contexts, LabelExpression labels) {
        ContextChangeSetFilter contextFilter = new ContextChangeSetFilter(contexts);
        LabelChangeSetFilter labelFilter = new LabelChangeSetFilter(labels);
        DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
        int filtered = 0;
        for (ChangeSet cs : changeSets) {
            if (!contextFilter.accepts(cs).isAccepted() || !labelFilter.accepts(cs).isAccepted() || !dbms.accepts(cs).isAccepted()) {
                filtered++;
            }
        }
        return filtered;
    }

    /**
     * Validates the changelog against the database (checksums of applied changesets, changelog
     * preconditions), then applies every changeset not yet applied that the filters accept, in
     * changelog order, committing after each.
     *
     * @param listener told about each changeset as it runs, succeeds or fails
     * @throws LiquibaseException from validation or the first changeset that fails; changesets
     *     applied before it stay applied and recorded
     */
    public static void update(Database database, DatabaseChangeLog changeLog, Contexts contexts,
            LabelExpression labels, ChangeExecListener listener) throws LiquibaseException {
        history(database);
        changeLog.validate(database, contexts, labels);
        ChangeLogIterator iterator = new ChangeLogIterator(changeLog,
                new ShouldRunChangeSetFilter(database),
                new ContextChangeSetFilter(contexts),
                new LabelChangeSetFilter(labels),
                new DbmsChangeSetFilter(database),
                new IgnoreChangeSetFilter());
        iterator.run(new UpdateVisitor(database, listener, new ShouldRunChangeSetFilter(database)),
                new RuntimeEnvironment(database, contexts, labels));
        database.commit();
    }

    /**
     * Rolls back the given changesets, newest (in changelog order) first, removing each from the
     * history.
     *
     * @throws LiquibaseException from the first changeset whose rollback fails
     */
    public static void rollback(Database database, DatabaseChangeLog changeLog, Collection<ChangeSet> changeSets,
            Contexts contexts, LabelExpression labels, ChangeExecListener listener) throws LiquibaseException {
        history(database);
        Set<ChangeSet> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
        chosen.addAll(changeSets);
        ChangeSetFilter only = changeSet -> new ChangeSetFilterResult(chosen.contains(changeSet), "chosen for rollback",
                ChangeSetFilter.class);
        new ChangeLogIterator(changeLog, only).run(new RollbackVisitor(database, listener),
                new RuntimeEnvironment(database, contexts, labels));
        database.commit();
    }
}
