package dev.schemacode.core.engine;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A database server process started by the build, and the rules that keep it from outliving the
 * build:
 * <ul>
 * <li>on Linux it is started through util-linux's {@code setpriv --pdeathsig KILL}, so the kernel
 *     kills it when the build's JVM dies, even by {@code kill -9};</li>
 * <li>a JVM shutdown hook stops it on Ctrl-C;</li>
 * <li>before a server starts on a data directory, a server an earlier, killed build left running on
 *     it (found through its pid file) is stopped.</li>
 * </ul>
 * As root, PostgreSQL (which refuses to run as root) is started as user {@code nobody}
 * (uid/gid 65534) through the same {@code setpriv}.
 */
final class ServerProcess implements AutoCloseable {

    /** uid and gid of {@code nobody}/{@code nogroup} on Linux distributions. */
    static final int NOBODY = 65534;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ServerProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::kill, "schemacode-stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server in the background, its output going to {@code logFile}.
     *
     * @param name for messages, e.g. {@code PostgreSQL 17.11}
     * @param command the server binary and its arguments
     * @param environment extra environment variables (library paths)
     * @param asNobody whether to drop root privileges to {@code nobody}
     * @throws SchemaError when the process cannot be started
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
            Path logFile, boolean asNobody) throws SchemaError {
        ProcessBuilder builder = builder(command, environment, workDir, logFile, asNobody);
        try {
            return new ServerProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new SchemaError("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a set-up command (initdb, mariadb-install-db) to completion.
     *
     * @throws SchemaError when it fails or takes longer than {@code timeout}; the message ends
     *     with the last lines it printed
     */
    static void run(String what, List<String> command, Map<String, String> environment, Path workDir, Path logFile,
            boolean asNobody, Duration timeout) throws SchemaError {
        ProcessBuilder builder = builder(command, environment, workDir, logFile, asNobody);
        try {
            Process p = builder.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SchemaError(what + " did not finish within " + timeout.toSeconds() + " s; its output: " + logFile, null);
            }
            if (p.exitValue() != 0) {
                throw new SchemaError(what + " failed (exit " + p.exitValue() + "): " + tail(logFile) + " (full output: " + logFile + ")", null);
            }
        } catch (IOException e) {
            throw new SchemaError("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaError(what + " was interrupted", e);
        }
    }

    /** A process whose output (errors included) goes to {@code logFile} and whose input is empty. */
    private static ProcessBuilder builder(List<String> command, Map<String, String> environment, Path workDir, Path logFile,
            boolean asNobody) throws SchemaError {
        ProcessBuilder builder = new ProcessBuilder(guarded(command, asNobody));
        builder.environment().putAll(environment);
        builder.directory(workDir.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
        return builder;
    }

    private static List<String> guarded(List<String> command, boolean asNobody) throws SchemaError {
        List<String> full = new ArrayList<>();
        Optional<Path> setpriv = setpriv();
        if (setpriv.isPresent()) {
            full.add(setpriv.get().toString());
            full.add("--pdeathsig");
            full.add("KILL");
            if (asNobody) {
                full.add("--reuid=" + NOBODY);
                full.add("--regid=" + NOBODY);
                full.add("--clear-groups");
            }
            full.add("--");
        } else if (asNobody) {
            throw new SchemaError("PostgreSQL refuses to run as root, and setpriv (util-linux), which Schemacode uses to start"
                    + " it as user nobody, is not installed: install util-linux, or run the build as another user", null);
        }
        full.addAll(command);
        return full;
    }

    private static Optional<Path> setpriv() {
        if (!EngineCatalog.os().equals("linux")) {
            return Optional.empty();
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, "setpriv");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** @return whether this JVM runs as root (uid 0), judged by a file it creates */
    static boolean runningAsRoot() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        if (isWindows()) {
            return false;
        }
        try {
            Path probe = Files.createTempFile(dir, ".uid", ".probe");
            try {
                return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isWindows() {
        return EngineCatalog.os().equals("windows");
    }

    /** @return a TCP port on 127.0.0.1 that was free a moment ago */
    static int freePort() throws SchemaError {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SchemaError("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * Stops a server that an earlier build left running on a data directory (the build was killed
     * before it could stop it): the pid file names it, and it is stopped only if that process is
     * still this server binary.
     *
     * @param pidFile the server's pid file (first line: the pid)
     * @param binary the server's executable name, e.g. {@code postgres}
     */
    static void stopLeftover(Path pidFile, String binary, String name, SchemaLog log) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            pid = Long.parseLong(first);
        } catch (IOException | NumberFormatException e) {
            return;
        }
        if (zombie(pid)) {
            // killed, but not reaped yet (its parent died too): the server would take it for a live one
            deleteQuietly(pidFile);
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        String command = handle.get().info().command().orElse("");
        if (!Path.of(command.isEmpty() ? "?" : command).getFileName().toString().startsWith(binary)) {
            return; // the pid was reused by another program, or we may not see it: leave it alone
        }
        log.warn("stopping " + name + " (pid " + pid + ") that an earlier, interrupted build left running on "
                + pidFile.getParent());
        stop(handle.get(), Duration.ofSeconds(10));
        if (zombie(pid) || ProcessHandle.of(pid).isEmpty()) {
            deleteQuietly(pidFile);
        }
    }

    /** @return whether {@code pid} is a zombie: dead, its exit status not collected (Linux {@code /proc}) */
    static boolean zombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.UTF_8);
            int end = text.lastIndexOf(')');
            return end > 0 && end + 2 < text.length() && text.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the server reports the lock file itself
        }
    }

    private static void stop(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the kernel will reap it
            }
        }
    }

    /** @return whether the server is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the pid of the started process */
    long pid() {
        return process.pid();
    }

    /** @return the last lines the server printed, joined on one line */
    String lastOutput() {
        return tail(logFile);
    }

    Path logFile() {
        return logFile;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 4), lines.size());
            return String.join(" | ", last.stream().map(String::trim).filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** Stops the server gracefully (SIGTERM), forcibly after 10 s. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        stop(process.toHandle(), Duration.ofSeconds(10));
    }

    private void kill() {
        if (process.isAlive()) {
            stop(process.toHandle(), Duration.ofSeconds(3));
        }
    }
}
