package dev.schemacode.core.liquibase;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import liquibase.Scope;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.resource.ZipResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * One execution's Liquibase environment: the search path changelogs are read from, the class
 * loader for {@code customChange} classes, and a private Liquibase {@link Scope} that routes
 * Liquibase's log to a {@link SchemaLog}, turns off its banner and usage analytics, and never
 * touches global state, so parallel executions ({@code mvn -T 4}) cannot see each other. (The one
 * exception, made once per class realm, is {@link ConfigurationSnapshot}: configuration look-ups
 * that read the system properties as they were when the execution began.)
 *
 * <p>This package is the only one that sets up Liquibase scopes and resource accessors.
 * Close the runtime to release open jar files and the class loader.
 */
public final class LiquibaseRuntime implements AutoCloseable {

    private final List<Path> searchRoots;
    private final CompositeResourceAccessor resourceAccessor;
    private final ProjectClassLoader classLoader;
    private final Map<String, Object> scopeValues;

    private LiquibaseRuntime(List<Path> searchRoots, CompositeResourceAccessor resourceAccessor,
            ProjectClassLoader classLoader, SchemaLog log) {
        this.searchRoots = searchRoots;
        this.resourceAccessor = resourceAccessor;
        this.classLoader = classLoader;
        Map<String, Object> values = new HashMap<>();
        values.put(Scope.Attr.resourceAccessor.name(), resourceAccessor);
        values.put(Scope.Attr.classLoader.name(), classLoader);
        values.put(Scope.Attr.logService.name(), new SchemaLogService(log));
        values.put(Scope.Attr.ui.name(), new LoggerUIService());
        // Configuration read through Liquibase's ScopeValueProvider: no banner, no network calls.
        values.put("liquibase.showBanner", false);
        values.put("liquibase.analytics.enabled", false);
        // The root scope's value, set here too: Liquibase looks it up whenever it needs a change's metadata
        // (ChangeFactory, many times per change), and a hit in this scope ends the walk up the scope chain.
        values.put(Scope.Attr.checksumVersion.name(), liquibase.ChecksumVersion.latest());
        // What Liquibase's configuration look-ups read as system properties during this execution.
        values.put(ConfigurationSnapshot.SCOPE_KEY, ConfigurationSnapshot.snapshot());
        this.scopeValues = Map.copyOf(values);
    }

    /**
     * Opens a runtime.
     *
     * @param searchRoots directories and jar files, searched in this order for changelogs and the
     *     files they reference (the same order a class path is searched); missing entries are
     *     skipped
     * @param classpath directories and jars for {@code customChange} classes and JDBC drivers,
     *     searched after the plugin's own classes; missing entries are skipped
     * @throws SchemaError when a jar on the search path cannot be opened
     */
    public static LiquibaseRuntime open(List<Path> searchRoots, List<Path> classpath, SchemaLog log)
            throws SchemaError {
        ConfigurationSnapshot.install();
        List<Path> roots = new ArrayList<>();
        List<ResourceAccessor> accessors = new ArrayList<>();
        for (Path root : new LinkedHashSet<>(searchRoots)) {
            try {
                if (Files.isDirectory(root)) {
                    accessors.add(new DirectoryResourceAccessor(root));
                    roots.add(root);
                } else if (Files.isRegularFile(root)) {
                    accessors.add(new ZipResourceAccessor(root));
                    roots.add(root);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(accessors);
                throw new SchemaError("cannot read " + root + " on the changelog search path: " + e.getMessage(), e);
            }
        }
        List<URL> urls = new ArrayList<>();
        for (Path entry : classpath) {
            if (Files.exists(entry)) {
                try {
                    urls.add(entry.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new SchemaError("cannot use " + entry + " on the class path: " + e.getMessage(), e);
                }
            }
        }
        ProjectClassLoader loader = new ProjectClassLoader(urls.toArray(URL[]::new), LiquibaseRuntime.class.getClassLoader());
        return new LiquibaseRuntime(List.copyOf(roots), new CompositeResourceAccessor(accessors), loader, log);
    }

    /** @return the search-path roots that exist, in search order. */
    public List<Path> searchRoots() {
        return searchRoots;
    }

    /** @return the accessor that resolves classpath-style changelog paths against the search roots. */
    public ResourceAccessor resourceAccessor() {
        return resourceAccessor;
    }

    /** @return the class loader of the project's classes (parent: the plugin's). */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * Runs work inside this execution's Liquibase scope, with the project's class loader as the
     * thread's context class loader.
     *
     * @return what the work returns
     * @throws Exception whatever the work throws, unwrapped
     */
    public <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            Scope.ScopedRunnerWithReturn<T> runner = work::call;
            return Scope.child((liquibase.listener.LiquibaseListener) null, scopeValues, runner);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Makes {@code className} loadable as a {@code customChange} that does nothing, for parsing a
     * changelog before the project is compiled. Only the validate goal uses this.
     */
    public void standInForCustomChange(String className) {
        classLoader.standIn(className);
    }

    /** @return whether {@code className} was replaced by a do-nothing stand-in. */
    public boolean isStandIn(String className) {
        return classLoader.isStandIn(className);
    }

    @Override
    public void close() {
        closeQuietly(List.of(resourceAccessor));
        try {
            classLoader.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static void closeQuietly(List<? extends ResourceAccessor> accessors) {
        for (ResourceAccessor accessor : accessors) {
            try {
                accessor.close();
            } catch (Exception ignored) {
                // closing a read-only accessor cannot lose data
            }
        }
    }
}
