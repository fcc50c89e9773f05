package dev.schemacode.core.engine;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL from zonky's binaries: {@code initdb} once per home (C locale, UTF-8, trust
 * authentication, no fsync), then {@code postgres} on 127.0.0.1 only, without a Unix socket, with
 * durability settings off (a self-test database is thrown away).
 */
final class EmbeddedPostgres extends EmbeddedServer {

    private final boolean asNobody;

    EmbeddedPostgres(EngineCatalog.Binaries binaries, Path install, Path home, EngineDrivers drivers, SchemaLog log) {
        super(binaries, install, home, drivers, log);
        this.asNobody = ServerProcess.runningAsRoot();
    }

    @Override
    public String dialect() {
        return "postgresql";
    }

    private Path data() {
        return home.resolve("data");
    }

    @Override
    protected Path pidFile() {
        return data().resolve("postmaster.pid");
    }

    @Override
    protected String binaryName() {
        return "postgres";
    }

    @Override
    protected boolean runsAsNobody() {
        return asNobody;
    }

    @Override
    protected boolean prepareData() throws SchemaError, IOException {
        Path marker = home.resolve("data.initialised");
        if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(binaries.version())
                && Files.isRegularFile(data().resolve("PG_VERSION"))) {
            return false;
        }
        Files.deleteIfExists(marker);
        BinaryCache.deleteTree(data());
        Files.createDirectories(data());
        if (data().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
        }
        if (asNobody) {
            Files.setAttribute(data(), "unix:uid", ServerProcess.NOBODY);
            Files.setAttribute(data(), "unix:gid", ServerProcess.NOBODY);
        }
        List<String> initdb = List.of(executable(install.resolve("bin"), "initdb").toString(), "-D", data().toString(),
                "-U", superuser(), "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        ServerProcess.run("initdb of the embedded " + binaries.displayName(), initdb, environment(), home,
                home.resolve("initdb.log"), asNobody, Duration.ofMinutes(2));
        Files.writeString(marker, binaries.version() + "\n");
        return true;
    }

    @Override
    protected List<String> serverCommand(int port) {
        List<String> command = new ArrayList<>(List.of(executable(install.resolve("bin"), "postgres").toString(),
                "-D", data().toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=40", "-c", "lc_messages=C"));
        if (!ServerProcess.isWindows()) {
            command.addAll(List.of("-c", "unix_socket_directories="));
        }
        return command;
    }

    @Override
    protected String superuser() {
        return "postgres";
    }

    @Override
    protected String adminUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    protected String databaseUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }
}
