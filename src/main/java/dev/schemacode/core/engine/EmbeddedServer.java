package dev.schemacode.core.engine;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * An embedded server started for one execution: its installation (shared, see
 * {@link BinaryCache}), its own home directory (data directory, pid file, log; reused between
 * executions and builds), a lock on that home so two builds of the same module take turns, and
 * one fresh database {@code selftest} that is dropped again before the server stops.
 */
abstract class EmbeddedServer implements ScratchDatabase {

    /** Name of the database the self-test runs in. */
    static final String DATABASE = "selftest";

    protected final EngineCatalog.Binaries binaries;
    protected final Path install;
    protected final Path home;
    protected final SchemaLog log;
    private final EngineDrivers drivers;
    private FileChannel lockChannel;
    private FileLock lock;
    private ServerProcess process;
    private int port;
    /** Whether the home lies outside the build directory and is removed on close. */
    boolean ephemeral;

    EmbeddedServer(EngineCatalog.Binaries binaries, Path install, Path home, EngineDrivers drivers, SchemaLog log) {
        this.binaries = binaries;
        this.install = install;
        this.home = home;
        this.drivers = drivers;
        this.log = log;
    }

    /**
     * Locks the home, stops a leftover server, prepares the data directory if needed, starts the
     * server and creates the {@code selftest} database.
     *
     * @throws SchemaError when the server cannot be set up or does not accept connections within 60 s
     */
    final void start() throws SchemaError {
        long begin = System.nanoTime();
        try {
            Files.createDirectories(home);
            lockHome();
            ServerProcess.stopLeftover(pidFile(), binaryName(), binaries.displayName(), log);
            boolean initialised = prepareData();
            port = ServerProcess.freePort();
            process = ServerProcess.start(binaries.displayName(), serverCommand(port), environment(), home,
                    home.resolve("server.log"), runsAsNobody());
            awaitReady();
            try (Connection admin = adminConnection(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
                s.execute("CREATE DATABASE " + DATABASE);
            }
            log.detail(String.format(java.util.Locale.ROOT, "%s started in %.1f s (%s), pid %d, port %d, home %s",
                    binaries.displayName(), (System.nanoTime() - begin) / 1e9,
                    initialised ? "data directory created" : "data directory reused", process.pid(), port, home));
        } catch (IOException | SQLException e) {
            close();
            throw new SchemaError("cannot start the embedded " + binaries.displayName() + ": " + e.getMessage()
                    + (process != null ? "; its log: " + process.logFile() : ""), e);
        } catch (SchemaError | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void lockHome() throws IOException {
        lockChannel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
            if (lock == null) {
                log.summary("waiting for another build to finish with the embedded " + binaries.displayName() + " in " + home);
                lock = lockChannel.lock();
            }
        } catch (OverlappingFileLockException e) {
            throw new IOException("another execution in this build is using " + home);
        }
    }

    private void awaitReady() throws SchemaError {
        long deadline = System.nanoTime() + 60_000_000_000L;
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SchemaError("the embedded " + binaries.displayName() + " stopped while starting: "
                        + process.lastOutput() + " (its log: " + process.logFile() + ")", null);
            }
            try (Connection ignored = adminConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaError("interrupted while waiting for the embedded " + binaries.displayName(), e);
            }
        }
        throw new SchemaError("the embedded " + binaries.displayName() + " did not accept connections within 60 s"
                + (last != null ? " (" + last.getMessage() + ")" : "") + "; its log: " + process.logFile(), last);
    }

    /** @return a connection to the server's administrative database as its superuser */
    private Connection adminConnection() throws SQLException {
        return open(adminUrl(port));
    }

    private Connection open(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superuser());
        props.setProperty("password", "");
        Connection c = drivers.driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the JDBC driver does not accept " + url);
        }
        return c;
    }

    @Override
    public String displayName() {
        return binaries.displayName();
    }

    @Override
    public String shownUrl() {
        return databaseUrl(port);
    }

    @Override
    public Connection connect() throws SQLException {
        return open(databaseUrl(port));
    }

    /** Drops the self-test database, stops the server, releases the home. */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                try (Connection admin = adminConnection(); Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + DATABASE);
                } catch (SQLException e) {
                    log.detail("could not drop the self-test database (the next run recreates it): " + e.getMessage());
                }
                process.close();
            }
        } finally {
            drivers.close();
            try {
                if (lock != null) {
                    lock.release();
                }
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
            if (ephemeral) {
                try {
                    BinaryCache.deleteTree(home);
                } catch (IOException e) {
                    log.warn("could not remove the self-test's temporary data directory " + home + ": " + e.getMessage());
                }
            }
        }
    }

    /** @return the server's process id */
    long pid() {
        return process.pid();
    }

    /** @return the JDBC driver in use */
    protected Driver driver() {
        return drivers.driver();
    }

    /** @return the server's pid file, as the server writes it */
    protected abstract Path pidFile();

    /** @return the server executable's file name without extension, e.g. {@code postgres} */
    protected abstract String binaryName();

    /**
     * Creates the data directory when it does not exist yet (or an earlier attempt was cut off).
     *
     * @return whether it had to be created
     */
    protected abstract boolean prepareData() throws SchemaError, IOException;

    /** @return the command line of the server on {@code port}, bound to 127.0.0.1 only */
    protected abstract java.util.List<String> serverCommand(int port);

    /** @return extra environment variables for the server and its set-up tools */
    protected java.util.Map<String, String> environment() {
        return java.util.Map.of();
    }

    /** @return whether the server must run as {@code nobody} (PostgreSQL started by root) */
    protected boolean runsAsNobody() {
        return false;
    }

    protected abstract String superuser();

    protected abstract String adminUrl(int port);

    protected abstract String databaseUrl(int port);

    /** @return the executable in {@code dir}, with {@code .exe} on Windows */
    protected Path executable(Path dir, String name) {
        return dir.resolve(ServerProcess.isWindows() ? name + ".exe" : name);
    }
}
