package dev.schemacode.core.changelog;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import liquibase.change.Change;
import liquibase.change.visitor.ChangeVisitor;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changeset.ChangeSetServiceFactory;
import liquibase.changeset.StandardChangeSetService;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;

/**
 * Remembers, for one parse of a changelog tree, which {@link Change} class each element name of a
 * changeset makes, so that Liquibase's {@code ChangeFactory} is asked once per name instead of once
 * per element. Liquibase's {@code ChangeSet.load} asks the factory about every child of a
 * changeset, attributes such as {@code id} and {@code author} included, and the factory answers by
 * looking at every registered change type: with no memo this is about half of a large XML parse.
 *
 * <p>The factory's answer for a name depends only on the registered change types and the scope's
 * database, both fixed during one parse, so a memo lives for one {@link ChangelogLoader} load and
 * one thread. What a remembered answer does copies {@code ChangeSet.toChange} (Liquibase 4.33 and
 * 5.0): a new instance of the class, {@code load}ed from the element, then the changelog's change
 * visitors. A name that made no change is skipped only for an element without children, which
 * {@code toChange} answers with "no change" whatever the settings.
 *
 * <p>Used only when changesets come from Liquibase's own {@link StandardChangeSetService}: an
 * extension that supplies its own changesets gets them unchanged.
 */
final class ChangeTypeMemo {

    /** Scope key under which {@link ChangelogLoader} publishes the memo of the parse under way. */
    static final String SCOPE_KEY = ChangeTypeMemo.class.getName();

    private final Map<String, Constructor<? extends Change>> changeClasses = new HashMap<>();
    private final Set<String> notChanges = new HashSet<>();
    private final boolean standardChangeSets =
            ChangeSetServiceFactory.getInstance().createChangeSetService().getClass() == StandardChangeSetService.class;

    /**
     * Builds and loads the changeset for a {@code changeSet} element of {@code changeLog}, as
     * {@code DatabaseChangeLog.createChangeSet} does.
     *
     * @return null when changesets come from an extension's service: the caller then builds it
     * @throws ParsedNodeException when Liquibase rejects the element
     */
    ChangeSet createChangeSet(DatabaseChangeLog changeLog, ParsedNode node, ResourceAccessor resourceAccessor)
            throws ParsedNodeException {
        if (!standardChangeSets) {
            return null;
        }
        ChangeSet changeSet = new MemoChangeSet(changeLog, this);
        changeSet.setChangeLogParameters(changeLog.getChangeLogParameters());
        changeSet.load(node, resourceAccessor);
        return changeSet;
    }

    /** Liquibase's {@code ChangeSet.toChange}, asked only for names not seen before. */
    @FunctionalInterface
    interface Lookup {
        Change toChange() throws ParsedNodeException;
    }

    private Change toChange(ChangeSet changeSet, ParsedNode node, ResourceAccessor resourceAccessor, Lookup liquibase)
            throws ParsedNodeException {
        String key = node.getNamespace() + '\u0000' + node.getName();
        Constructor<? extends Change> known = changeClasses.get(key);
        if (known != null && changeSet.getChangeLog() != null) {
            Change change;
            try {
                change = known.newInstance();
            } catch (ReflectiveOperationException e) {
                return liquibase.toChange();
            }
            change.load(node, resourceAccessor);
            for (ChangeVisitor visitor : changeSet.getChangeLog().getChangeVisitors()) {
                change.modify(visitor);
            }
            return change;
        }
        boolean leaf = node.getChildren() == null || node.getChildren().isEmpty();
        if (leaf && notChanges.contains(key)) {
            return null;
        }
        Change change = liquibase.toChange();
        if (change != null) {
            try {
                changeClasses.put(key, change.getClass().getConstructor());
            } catch (NoSuchMethodException e) {
                // not remembered: Liquibase is asked again next time
            }
        } else if (leaf) {
            notChanges.add(key);
        }
        return change;
    }

    /** A plain changeset whose change elements are resolved through the memo. */
    private static final class MemoChangeSet extends ChangeSet {
        private final ChangeTypeMemo memo;

        MemoChangeSet(DatabaseChangeLog changeLog, ChangeTypeMemo memo) {
            super(changeLog);
            this.memo = memo;
        }

        @Override
        protected Change toChange(ParsedNode value, ResourceAccessor resourceAccessor) throws ParsedNodeException {
            return memo.toChange(this, value, resourceAccessor, () -> super.toChange(value, resourceAccessor));
        }
    }
}
