package dev.schemacode.core.engine;

import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * The JDBC driver an embedded engine is reached with: the one on the plugin's or the project's
 * class path when there is one (the user's choice of version wins), else the version this plugin
 * was built and tested with ({@code schemacode.properties}), resolved on demand.
 */
final class EngineDrivers implements AutoCloseable {

    private final Driver driver;
    private final URLClassLoader ownLoader;

    private EngineDrivers(Driver driver, URLClassLoader ownLoader) {
        this.driver = driver;
        this.ownLoader = ownLoader;
    }

    /**
     * @param sampleUrl a URL of the engine, e.g. {@code jdbc:postgresql://127.0.0.1:1/x}
     * @param coordinatesKey the key in {@code schemacode.properties}, e.g. {@code postgresql.driver}
     * @param classLoader the plugin's and project's class path
     * @throws SchemaError when no driver is on the class path and the pinned one cannot be resolved
     */
    static EngineDrivers find(String sampleUrl, String coordinatesKey, ClassLoader classLoader, EngineArtifacts artifacts)
            throws SchemaError {
        Driver onPath = accepting(ServiceLoader.load(Driver.class, classLoader), sampleUrl);
        if (onPath != null) {
            return new EngineDrivers(onPath, null);
        }
        String[] gav = pinned(coordinatesKey).split(":");
        Path jar = artifacts.resolve(gav[0], gav[1], gav[2]);
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, EngineDrivers.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new SchemaError("cannot load the JDBC driver " + jar + ": " + e.getMessage(), e);
        }
        Driver resolved = accepting(ServiceLoader.load(Driver.class, loader), sampleUrl);
        if (resolved == null) {
            close(loader);
            throw new SchemaError(jar + " holds no JDBC driver for " + sampleUrl, null);
        }
        return new EngineDrivers(resolved, loader);
    }

    private static Driver accepting(ServiceLoader<Driver> drivers, String url) {
        for (ServiceLoader.Provider<Driver> provider : (Iterable<ServiceLoader.Provider<Driver>>) drivers.stream()::iterator) {
            try {
                Driver d = provider.get();
                if (d.acceptsURL(url)) {
                    return d;
                }
            } catch (SQLException | java.util.ServiceConfigurationError ignored) {
                // a broken or unrelated driver: try the next
            }
        }
        return null;
    }

    private static String pinned(String key) throws SchemaError {
        try (InputStream in = EngineDrivers.class.getResourceAsStream("/dev/schemacode/schemacode.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String value = p.getProperty(key);
            if (value == null || value.contains("${")) {
                throw new SchemaError("this build of Schemacode does not name a JDBC driver for " + key
                        + "; add the driver to the plugin's <dependencies>", null);
            }
            return value;
        } catch (IOException e) {
            throw new SchemaError("cannot read schemacode.properties: " + e.getMessage(), e);
        }
    }

    Driver driver() {
        return driver;
    }

    @Override
    public void close() {
        if (ownLoader != null) {
            close(ownLoader);
        }
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing held open that matters
        }
    }
}
