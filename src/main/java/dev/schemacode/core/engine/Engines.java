package dev.schemacode.core.engine;

import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;

/**
 * Opens the self-test's database as {@link SelfTestConfig} asks: in-memory H2, an embedded
 * PostgreSQL or MariaDB (binaries resolved on demand, unpacked once per machine, data directory
 * under the build directory and reused), or an external scratch database.
 */
public final class Engines {

    private Engines() {
    }

    /**
     * Where an execution's engine lives and how it gets its binaries.
     *
     * @param buildDir the module's build directory ({@code target}); embedded servers keep their
     *     data under {@code schema-engine/} in it
     * @param cacheRoot where unpacked server binaries are kept between builds, or {@code null} for
     *     {@code ~/.cache/schemacode/engines}
     * @param artifacts resolves binaries and drivers on demand; may be {@code null} when only H2
     *     or a scratch database is used
     * @param classLoader the plugin's and the project's class path, searched for JDBC drivers first
     */
    public record Context(Path buildDir, Path cacheRoot, EngineArtifacts artifacts, ClassLoader classLoader, SchemaLog log) { }

    /**
     * Starts or connects to the database. Must run inside a Liquibase scope (a scratch database
     * is inspected with Liquibase).
     *
     * @return the database, to be closed by the caller
     * @throws SchemaFailure for a version not offered, a non-empty scratch database, a missing driver
     * @throws SchemaError when binaries cannot be resolved or unpacked, or a server does not start
     */
    public static ScratchDatabase open(SelfTestConfig config, Context context) throws SchemaFailure, SchemaError {
        if (config.scratch() != null) {
            return ExternalScratch.open(config.scratch(), context.classLoader(), context.log());
        }
        if (config.engine() == EngineKind.H2) {
            return new H2Memory(config.h2Mode());
        }
        if (context.artifacts() == null) {
            throw new SchemaError("no way to resolve the " + config.engine().displayName() + " binaries in this environment", null);
        }
        EngineCatalog.Binaries binaries = config.engine() == EngineKind.POSTGRESQL
                ? EngineCatalog.postgresql(config.engineVersion()) : EngineCatalog.mariadb(config.engineVersion());
        boolean postgres = binaries.kind() == EngineKind.POSTGRESQL;
        long start = System.nanoTime();
        Path jar = context.artifacts().resolve(binaries.groupId(), binaries.artifactId(), binaries.version());
        context.log().detail(String.format(Locale.ROOT, "%s binaries: %s (resolved in %.1f s)", binaries.displayName(), jar,
                (System.nanoTime() - start) / 1e9));
        Path engines = context.buildDir().resolve("schema-engine");
        boolean root;
        try {
            Files.createDirectories(engines);
            root = ServerProcess.runningAsRoot();
        } catch (IOException e) {
            throw new SchemaError("cannot create " + engines + ": " + e.getMessage(), e);
        }
        // PostgreSQL started by root runs as nobody, which must reach its binaries and data.
        boolean needsOthers = postgres && root;
        Path cacheRoot = context.cacheRoot() != null ? context.cacheRoot()
                : Path.of(System.getProperty("user.home"), ".cache", "schemacode", "engines");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (needsOthers && !reachableByOthers(cacheRoot)) {
            cacheRoot = tmp.resolve("schemacode-engines");
        }
        Path install = BinaryCache.unpack(binaries, jar, cacheRoot, context.log());
        Path home = engines.resolve(binaries.kind().dialect() + "-" + binaries.line());
        boolean ephemeral = false;
        if (needsOthers && !reachableByOthers(engines)) {
            // Under root, PostgreSQL runs as nobody, who cannot enter this project (e.g. under /root):
            // its data goes to a private temporary directory, removed again when the self-test ends.
            try {
                home = Files.createTempDirectory(tmp, "schemacode-" + binaries.kind().dialect() + "-");
            } catch (IOException e) {
                throw new SchemaError("cannot create a data directory in " + tmp + ": " + e.getMessage(), e);
            }
            ephemeral = true;
            context.log().detail(engines + " is not reachable by user nobody, which PostgreSQL runs as under root: its data goes to "
                    + home + " for this execution (initdb each time)");
        }
        String sampleUrl = postgres ? "jdbc:postgresql://127.0.0.1:5432/x" : "jdbc:mariadb://127.0.0.1:3306/x";
        EngineDrivers drivers = EngineDrivers.find(sampleUrl, postgres ? "postgresql.driver" : "mariadb.driver",
                context.classLoader(), context.artifacts());
        EmbeddedServer server = postgres
                ? new EmbeddedPostgres(binaries, install, home, drivers, context.log())
                : new EmbeddedMariaDb(binaries, install, home, drivers, context.log());
        server.ephemeral = ephemeral;
        server.start();
        return server;
    }

    /** @return whether every existing directory on the way to {@code path} lets other users pass */
    static boolean reachableByOthers(Path path) {
        Path p = path.toAbsolutePath();
        if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        for (; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                try {
                    if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
