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
 * Liquibase's validation is done when parsing ends instead of starting then. When nothing was
 * reported (a master changelog that is not XML), {@link #finish} validates the whole tree itself.
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
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Validated changesets whose {@code afterEach} has not run yet: run by whichever thread is free. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ChangeSet> ready = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private Thread thread;
    private ChangelogValidator current;
    private RuntimeException failure;

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
        this.runtime = runtime;
        this.database = database;
        this.afterEach = afterEach;
    }

    @Override
    public void attempt(SourceMap sources, Set<String> standIns) {
        if (thread == null) {
            thread = new Thread(this::work, "schemacode-validation");
            thread.setDaemon(true);
            thread.start();
        }
        queue.add(new Attempt(sources, Set.copyOf(standIns)));
    }

    @Override
    public void parsed(ChangeSet changeSet) {
        queue.add(changeSet);
    }

    private void work() {
        try {
            runtime.call(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Object next = queue.poll();
                    if (next == null) {
                        // nothing to validate yet: use the wait for a validated changeset's afterEach
                        ChangeSet done = ready.poll();
                        if (done != null) {
                            afterEach.accept(done);
                            continue;
                        }
                        next = queue.take();
                    }
                    if (next == END) {
                        return null;
                    }
                    if (next instanceof Attempt attempt) {
                        current = new ChangelogValidator(attempt.sources(), database, attempt.standIns());
                        ready.clear();
                        failure = null;
                    } else if (failure == null) {
                        try {
                            if (current.visit((ChangeSet) next)) {
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

    /**
     * Waits for the changesets reported so far, then completes the validation on the calling
     * thread (which must be inside the runtime's scope): see {@link ChangelogValidator#finish}.
     *
     * @param loaded the tree the parse returned
     * @param progress as in {@link ChangelogValidator#validate(LoadedChangelog, Database, IntConsumer)}
     * @throws RuntimeException what validating a changeset threw unexpectedly
     * @throws InterruptedException when interrupted while waiting
     */
    public ChangelogValidator.Result finish(LoadedChangelog loaded, IntConsumer progress) throws InterruptedException {
        if (thread != null) {
            queue.add(END);
            // help with the afterEach of validated changesets while the thread validates the rest
            while (thread.isAlive()) {
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
        ChangelogValidator validator = current != null ? current : new ChangelogValidator(loaded.sources(), database, loaded.standIns());
        return validator.finish(loaded, progress);
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
