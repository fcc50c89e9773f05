package dev.schemacode.core.validate;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.ParseListener;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * {@link ChangelogValidator} on a thread of its own, fed while the changelog is being parsed: each
 * changeset the parser reports final (see {@link ParseListener}) is validated at once, so most of
 * Liquibase's validation is done when parsing ends instead of starting then; what is left then is
 * shared with the thread calling {@link #finish} (each changeset is admitted in order on the
 * validation thread, see {@link ChangelogValidator#admit}, and checked by whichever thread is free).
 * When nothing was reported (a master changelog that is not XML), {@link #finish} validates the
 * whole tree itself.
 * The result is the same as {@link ChangelogValidator#validate(LoadedChangelog, Database)}.
 * Work that must follow each changeset's validation can ride along ({@code afterEach}). Close it
 * when done: closing stops the thread if parsing failed and waits for it.
 */
public final class StreamingValidation implements ParseListener, AutoCloseable {

    private static final Object END = new Object();

    private record Attempt(SourceMap sources, Set<String> standIns) { }

    private final LiquibaseRuntime runtime;
    private final Database database;
    private final java.util.function.Consumer<ChangeSet> afterEach;
    private final java.util.function.Predicate<ChangeSet> releasedUnchanged;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Validated changesets whose {@code afterEach} has not run yet: run by whichever thread is free. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ChangeSet> ready = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Admitted changesets whose order-free checks have not run yet: run by whichever thread is free. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ChangelogValidator.Admission> checks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private Thread thread;
    private volatile ChangelogValidator current;
    private ChangelogValidator.Checker workerChecker;
    private volatile RuntimeException failure;
    /** Attempts reported by the parser, and started by the validation thread: help comes only for the last. */
    private int attemptsSent;
    private volatile int attemptsStarted;
    /** For tests: the validation thread checks nothing before {@link #finish}, so both threads check. */
    private boolean holdChecks;
    private int checkedByCaller;

    /**
     * @param runtime the execution's Liquibase runtime; the thread works inside its scope
     * @param database the dialect to validate for (may be offline)
     */
    public StreamingValidation(LiquibaseRuntime runtime, Database database) {
        this(runtime, database, changeSet -> { });
    }

    /**
     * @param afterEach runs once for each heard changeset after its validation, when validation no
     *     longer changes it (e.g. to checksum it): on the validation thread while it waits for the
     *     parser, or on the thread calling {@link #finish}, so it must be thread-safe. Not run for a
     *     second changeset with an identity already seen, for changesets that {@code finish}
     *     validates itself, nor after a failure
     */
    public StreamingValidation(LiquibaseRuntime runtime, Database database, java.util.function.Consumer<ChangeSet> afterEach) {
        this(runtime, database, afterEach, changeSet -> false);
    }

    /**
     * @param releasedUnchanged as in {@link ChangelogValidator#ChangelogValidator(SourceMap, Database,
     *     Set, java.util.function.Predicate)}: changesets it accepts are not validated by Liquibase
     *     ({@code afterEach} still runs for them)
     */
    public StreamingValidation(LiquibaseRuntime runtime, Database database, java.util.function.Consumer<ChangeSet> afterEach,
            java.util.function.Predicate<ChangeSet> releasedUnchanged) {
        this.runtime = runtime;
        this.database = database;
        this.afterEach = afterEach;
        this.releasedUnchanged = releasedUnchanged;
    }

    @Override
    public void attempt(SourceMap sources, Set<String> standIns) {
        if (thread == null) {
            thread = new Thread(this::work, "schemacode-validation");
            thread.setDaemon(true);
            thread.start();
        }
        attemptsSent++;
        queue.add(new Attempt(sources, Set.copyOf(standIns)));
    }

    @Override
    public void parsed(ChangeSet changeSet) {
        queue.add(changeSet);
    }

    private void work() {
        try {
            runtime.call(() -> {
                boolean ended = false;
                while (!Thread.currentThread().isInterrupted()) {
                    // admit what the parser has reported (in order), then check, then run afterEach
                    Object next = queue.poll();
                    if (next == null) {
                        ChangelogValidator.Admission admitted = holdChecks && !ended ? null : checks.poll();
                        if (admitted != null) {
                            check(workerChecker, admitted);
                            continue;
                        }
                        ChangeSet done = ready.poll();
                        if (done != null) {
                            afterEach.accept(done);
                            continue;
                        }
                        if (ended) {
                            return null;
                        }
                        next = queue.take();
                    }
                    if (next == END) {
                        ended = true;
                    } else if (next instanceof Attempt attempt) {
                        current = new ChangelogValidator(attempt.sources(), database, attempt.standIns(), releasedUnchanged);
                        workerChecker = current.checker(database);
                        checks.clear();
                        ready.clear();
                        failure = null;
                        attemptsStarted++;
                    } else if (failure == null) {
                        try {
                            ChangelogValidator.Admission admission = current.admit((ChangeSet) next);
                            if (admission.toCheck()) {
                                checks.add(admission);
                            } else if (!admission.duplicate()) {
                                ready.add((ChangeSet) next); // not for a duplicate: its identity is the first one's
                            }
                        } catch (RuntimeException e) {
                            failure = e;
                        }
                    }
                }
                return null; // closed before finish(): the parse failed, nothing to report
            });
        } catch (InterruptedException e) {
            // closed before finish(): the parse failed, nothing to report
        } catch (RuntimeException e) {
            failure = e;
        } catch (Exception | Error e) {
            failure = new IllegalStateException(e);
        }
    }

    private void check(ChangelogValidator.Checker checker, ChangelogValidator.Admission admission) {
        if (failure != null) {
            return;
        }
        try {
            checker.check(admission);
            ready.add(admission.changeSet());
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Waits for the changesets reported so far, helping with their validation and their
     * {@code afterEach} on the calling thread (which must be inside the runtime's scope), then
     * completes the validation there: see {@link ChangelogValidator#finish}.
     *
     * @param loaded the tree the parse returned
     * @param progress as in {@link ChangelogValidator#validate(LoadedChangelog, Database, IntConsumer)}
     * @throws RuntimeException what validating a changeset threw unexpectedly
     * @throws InterruptedException when interrupted while waiting
     */
    public ChangelogValidator.Result finish(LoadedChangelog loaded, IntConsumer progress) throws InterruptedException {
        if (thread != null) {
            queue.add(END);
            ChangelogValidator.Checker helper = null;
            while (thread.isAlive()) {
                ChangelogValidator.Admission admitted = attemptsStarted == attemptsSent ? checks.poll() : null;
                if (admitted != null) {
                    if (helper == null) {
                        helper = helperChecker();
                    }
                    if (helper != null) {
                        check(helper, admitted);
                        checkedByCaller++;
                    } else {
                        checks.add(admitted); // no second database: the validation thread checks it
                        thread.join(1);
                    }
                    continue;
                }
                ChangeSet done = ready.poll();
                if (done != null) {
                    afterEach.accept(done);
                } else {
                    thread.join(1);
                }
            }
            thread = null;
            if (failure != null) {
                throw failure;
            }
            for (ChangeSet done = ready.poll(); done != null; done = ready.poll()) {
                afterEach.accept(done);
            }
        }
        ChangelogValidator validator = current != null ? current
                : new ChangelogValidator(loaded.sources(), database, loaded.standIns(), releasedUnchanged);
        return validator.finish(loaded, progress);
    }

    /** For tests: the validation thread only admits changesets until {@link #finish} is called. Call before the parse. */
    void holdChecksUntilFinish() {
        holdChecks = true;
    }

    /** For tests: how many changesets the thread calling {@link #finish} validated. */
    int checkedByCaller() {
        return checkedByCaller;
    }

    /** A checker of the current attempt for this thread, with a database of its own, or null if none can be made. */
    private ChangelogValidator.Checker helperChecker() {
        Database twin = dev.schemacode.core.liquibase.Databases.offlineTwin(database, runtime.resourceAccessor());
        return twin == null ? null : current.checker(twin);
    }

    /**
     * Stops the validation thread if {@link #finish} did not run (the parse failed) and waits for
     * it, so that nothing of this execution runs after the goal ends.
     */
    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join();
            thread = null;
        }
    }
}
