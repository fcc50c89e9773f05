package dev.schemacode.core.liquibase;

import java.io.File;
import java.net.URL;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import liquibase.Scope;
import liquibase.util.LiquibaseUtil;

/**
 * The version of the Liquibase that Schemacode's classes run on: the {@code Liquibase-Version}
 * attribute of the manifest of the jar that holds {@code liquibase.Scope}. Liquibase's own
 * {@code LiquibaseUtil#getBuildVersion} reads every {@code liquibase.build.properties} the
 * current scope's class loader finds, the last one winning, and keeps the first answer for the
 * JVM; inside an execution that class loader includes the project's class path, so a project
 * that ships another {@code liquibase-core} (a Spring Boot application usually does) would name
 * its version rather than the engine's.
 */
public final class LiquibaseVersion {

    private static final String FROM_JAR = fromJar();

    private LiquibaseVersion() {
    }

    /**
     * @return the engine's version, e.g. {@code 4.33.0}, or {@code null} when the jar holding
     *     Liquibase cannot be read (Liquibase's classes not in a jar, or no such attribute)
     */
    public static String exact() {
        return FROM_JAR;
    }

    /** @return {@link #exact()}, else what Liquibase says of itself: for display only */
    public static String display() {
        return FROM_JAR != null ? FROM_JAR : LiquibaseUtil.getBuildVersion();
    }

    private static String fromJar() {
        try {
            URL location = Scope.class.getProtectionDomain().getCodeSource().getLocation();
            File file = new File(location.toURI());
            if (!file.isFile()) {
                return null;
            }
            try (JarFile jar = new JarFile(file)) {
                Manifest manifest = jar.getManifest();
                return manifest == null ? null : manifest.getMainAttributes().getValue("Liquibase-Version");
            }
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
