package dev.schemacode.core.changelog;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.DatabaseChange;
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
 * <p>Changesets reach the memo through {@link Service}, a changeset service registered with
 * Liquibase's {@link ChangeSetServiceFactory} one priority above Liquibase's own, which applies only
 * inside a {@link ChangelogLoader} load (the scope holds the memo under {@link #SCOPE_KEY}); so
 * every format that builds changesets from parsed nodes (XML, YAML, JSON) uses it, and an
 * extension with a changeset service of its own outranks it and keeps its changesets.
 */
final class ChangeTypeMemo {

    /** Scope key under which {@link ChangelogLoader} publishes the memo of the parse under way. */
    static final String SCOPE_KEY = ChangeTypeMemo.class.getName();

    private final Map<String, Constructor<? extends Change>> changeClasses = new HashMap<>();
    private final Set<String> notChanges = new HashSet<>();
    /** The change names of this load's class path, built at the first name the memo has not seen. */
    private ChangeNames names;
    private static final java.util.concurrent.atomic.AtomicBoolean REGISTERED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Registers {@link Service} with Liquibase's changeset service factory, once per class realm.
     * Every load calls it before it parses.
     */
    static void register() {
        synchronized (REGISTERED) {
            if (!REGISTERED.get()) {
                ChangeSetServiceFactory.getInstance().register(new Service());
                REGISTERED.set(true);
            }
        }
    }

    /** @return the memo of the load under way on this thread, or null outside a load */
    private static ChangeTypeMemo current() {
        return Scope.getCurrentScope().get(SCOPE_KEY, ChangeTypeMemo.class);
    }

    /**
     * Liquibase's standard changeset service, whose changesets built from parsed nodes use the
     * memo of the load under way; outside a load it does not apply, and Liquibase's own is used.
     */
    static final class Service extends StandardChangeSetService {
        @Override
        public int getPriority() {
            return current() != null ? super.getPriority() + 1 : PRIORITY_NOT_APPLICABLE;
        }

        @Override
        public ChangeSet createChangeSet(DatabaseChangeLog changeLog) {
            ChangeTypeMemo memo = current();
            return memo == null ? super.createChangeSet(changeLog) : new MemoChangeSet(changeLog, memo);
        }
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
        if (changeSet.getChangeLog() != null) {
            if (names == null) {
                names = new ChangeNames();
            }
            Class<? extends Change> only = names.only(node.getName());
            if (only == ChangeNames.NONE && leaf) {
                notChanges.add(key);
                return null;
            }
            if (only != null && only != ChangeNames.NONE) {
                try {
                    changeClasses.put(key, only.getConstructor());
                    return toChange(changeSet, node, resourceAccessor, liquibase);
                } catch (NoSuchMethodException e) {
                    // Liquibase is asked below and says what is wrong
                }
            }
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

    /**
     * The change class each change name makes, read from the {@link DatabaseChange} annotations of
     * the change types Liquibase's service locator finds on the load's class path, as Liquibase's
     * {@code ChangeFactory} answers {@code create(name)} when exactly one change type has that name:
     * its metadata's name and priority are the annotation's (Liquibase 4.33 and 5.0
     * {@code AbstractChange#createChangeMetaData}). The factory builds the full metadata of every
     * change type (bean introspection of each class) to answer its first question, about a tenth of
     * a second that a build pays for nothing; this index reads two annotation values per class
     * instead. One per load, so it always lists the change types of the execution's own class path
     * (the factory keeps the list of the first execution in the JVM). It answers nothing
     * ({@code null}: ask Liquibase) when a change type is not a plain annotated
     * {@code AbstractChange}, when several types share a name (Liquibase then asks each whether it
     * supports the database), or when the scope forces a change plugin.
     */
    static final class ChangeNames {

        /** The answer for a name no change type has. */
        static final Class<? extends Change> NONE = NoChange.class;

        /** Change name to the classes annotated with it; null when the annotations cannot be trusted. */
        private final Map<String, java.util.List<Class<? extends Change>>> byName;

        /** Reads the change types of the current scope's class path. */
        ChangeNames() {
            Map<String, java.util.List<Class<? extends Change>>> names = new HashMap<>();
            try {
                for (Change change : Scope.getCurrentScope().getServiceLocator().findInstances(Change.class)) {
                    Class<? extends Change> type = change.getClass();
                    DatabaseChange annotation = type.getAnnotation(DatabaseChange.class);
                    if (annotation == null || !(change instanceof liquibase.change.AbstractChange)
                            || type.getMethod("createChangeMetaData").getDeclaringClass() != liquibase.change.AbstractChange.class) {
                        names = null; // its metadata comes from elsewhere: only the factory knows its name
                        break;
                    }
                    if (annotation.priority() >= 0) {
                        names.computeIfAbsent(annotation.name(), n -> new java.util.ArrayList<>(1)).add(type);
                    }
                }
            } catch (NoSuchMethodException | RuntimeException e) { // ServiceNotFoundException among them
                names = null;
            }
            this.byName = names;
        }

        /**
         * @param name an element name of a changeset
         * @return the only change class with that name, {@link #NONE} when no change type has it, or
         *     null when Liquibase's factory must answer
         */
        Class<? extends Change> only(String name) {
            if (byName == null || Scope.getCurrentScope().get("liquibase.plugin." + Change.class.getName(), Class.class) != null) {
                return null;
            }
            java.util.List<Class<? extends Change>> types = byName.get(name);
            return types == null ? NONE : types.size() == 1 ? types.get(0) : null;
        }

        /** A marker for "no change type has this name"; never instantiated. */
        private abstract static class NoChange extends liquibase.change.AbstractChange {
        }
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
