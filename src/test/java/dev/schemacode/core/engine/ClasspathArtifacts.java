package dev.schemacode.core.engine;

import dev.schemacode.RealDatabases;
import dev.schemacode.core.problem.SchemaError;
import java.io.File;
import java.nio.file.Path;

/**
 * Engine binaries for tests: the jars the POM's test dependencies put on the class path (profile
 * {@code engine-binaries-linux-amd64}); drivers come from the class path too. Counts what it was
 * asked for, so tests can see that H2 runs resolve nothing.
 */
public final class ClasspathArtifacts implements EngineArtifacts {

    final java.util.List<String> requested = new java.util.ArrayList<>();

    @Override
    public Path resolve(String groupId, String artifactId, String version) throws SchemaError {
        requested.add(groupId + ":" + artifactId + ":" + version);
        String file = artifactId + "-" + version + ".jar";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(File.separator + file)) {
                return Path.of(entry);
            }
        }
        throw new SchemaError("not on the test class path: " + groupId + ":" + artifactId + ":" + version, null);
    }

    /** Skips (fails under CI=true) a test that needs embedded engine binaries on a platform without them. */
    public static void requireBinaries() {
        RealDatabases.require("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "embedded engine binaries are test dependencies on Linux x86-64 only; this is "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
    }
}
