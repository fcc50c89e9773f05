package dev.schemacode.core.liquibase;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import liquibase.Scope;
import liquibase.configuration.ConfigurationValueProvider;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.configuration.core.EnvironmentValueProvider;
import liquibase.configuration.core.SystemPropertyValueProvider;

/**
 * Liquibase's configuration look-ups without copying every system property on each one.
 *
 * <p>Liquibase reads a setting (strict mode, schema case, checksum options, …) many times per
 * changeset, and each read asks every registered {@link ConfigurationValueProvider}. Its system
 * property provider clones {@link System#getProperties()} and hashes the copy on every read, and
 * its environment provider hashes the whole environment, so that it can tell whether its cache of
 * earlier answers still holds. Under Maven, with a hundred or more system properties, that is most
 * of what a look-up costs (measured in BENCHMARKS.md).
 *
 * <p>{@link #install()} replaces those two providers, once per class realm, with subclasses that
 * answer the same keys with the same precedence: inside an execution's scope the system
 * properties are the copy {@link #snapshot()} took when the execution began (so a look-up is a
 * map read), outside it they are read live as Liquibase does; the environment, which a running
 * JVM cannot change, is hashed once. Liquibase's own rules for matching keys (case, kebab-case,
 * aliases) are inherited unchanged. Only public Liquibase API is used
 * ({@link LiquibaseConfiguration#registerProvider}, {@link LiquibaseConfiguration#unregisterProvider}).
 */
final class ConfigurationSnapshot {

    /** Scope key of the execution's {@link Snapshot}. */
    static final String SCOPE_KEY = "dev.schemacode.systemPropertySnapshot";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ConfigurationSnapshot() {
    }

    /**
     * The system properties as they are now, for an execution's scope (key {@link #SCOPE_KEY}).
     *
     * @return an immutable copy and its hash code
     */
    static Snapshot snapshot() {
        Properties copy = (Properties) System.getProperties().clone();
        return new Snapshot(Map.copyOf(copy), copy.hashCode());
    }

    /**
     * Swaps Liquibase's system property and environment providers for the ones described above,
     * the first time it is called in this class realm; later calls do nothing. Every
     * {@link LiquibaseRuntime} calls it before it opens, so no Liquibase work in the realm runs
     * while the provider set changes.
     */
    static void install() {
        synchronized (INSTALLED) {
            if (INSTALLED.get()) {
                return;
            }
            LiquibaseConfiguration configuration = Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class);
            for (ConfigurationValueProvider provider : List.copyOf(configuration.getProviders())) {
                if (provider.getClass() == SystemPropertyValueProvider.class) {
                    configuration.unregisterProvider(provider);
                    configuration.registerProvider(new SnapshotSystemProperties());
                } else if (provider.getClass() == EnvironmentValueProvider.class) {
                    configuration.unregisterProvider(provider);
                    configuration.registerProvider(new HashedEnvironment());
                }
            }
            INSTALLED.set(true);
        }
    }

    /**
     * System properties copied at the start of an execution, with their hash code. Its text names
     * no value: system properties may hold secrets ({@code -D…password=…}).
     */
    record Snapshot(Map<Object, Object> properties, int hash) {
        @Override
        public String toString() {
            return properties.size() + " system properties";
        }
    }

    /** Liquibase's system property provider, reading the execution's snapshot when there is one. */
    static final class SnapshotSystemProperties extends SystemPropertyValueProvider {

        @Override
        protected Map<?, ?> getMap() {
            Snapshot snapshot = Scope.getCurrentScope().get(SCOPE_KEY, Snapshot.class);
            return snapshot == null ? super.getMap() : snapshot.properties();
        }

        @Override
        protected int getMapHash() {
            Snapshot snapshot = Scope.getCurrentScope().get(SCOPE_KEY, Snapshot.class);
            return snapshot == null ? super.getMapHash() : snapshot.hash();
        }
    }

    /** Liquibase's environment provider, with the environment's hash computed once. */
    static final class HashedEnvironment extends EnvironmentValueProvider {

        private final int hash = System.getenv().hashCode();

        @Override
        protected int getMapHash() {
            return hash;
        }
    }
}
