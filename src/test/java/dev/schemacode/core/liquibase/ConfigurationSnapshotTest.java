package dev.schemacode.core.liquibase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.TestFiles.RecordingLog;
import java.util.List;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.configuration.ConfigurationValueProvider;
import liquibase.configuration.LiquibaseConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Liquibase settings given as system properties still reach Liquibase through the snapshot. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class ConfigurationSnapshotTest {

    @AfterEach
    void clear() {
        System.clearProperty("liquibase.strict");
        System.clearProperty("LIQUIBASE.STRICT");
    }

    private static boolean strictInExecution() throws Exception {
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(List.of(), List.of(), new RecordingLog())) {
            return runtime.call(GlobalConfiguration.STRICT::getCurrentValue);
        }
    }

    @Test
    void eachExecutionSeesTheSystemPropertiesSetBeforeItBegan() throws Exception {
        assertFalse(strictInExecution(), "Liquibase's default");
        System.setProperty("liquibase.strict", "true");
        assertTrue(strictInExecution(), "-Dliquibase.strict=true reaches Liquibase");
        System.clearProperty("liquibase.strict");
        assertFalse(strictInExecution(), "the next execution does not keep an old copy");
    }

    @Test
    void keysMatchAsLiquibaseMatchesThem() throws Exception {
        System.setProperty("LIQUIBASE.STRICT", "true");
        assertTrue(strictInExecution(), "keys are matched without regard to case, as Liquibase does");
    }

    @Test
    void outsideAnExecutionThePropertiesAreReadLive() throws Exception {
        strictInExecution();   // installs the providers
        System.setProperty("liquibase.strict", "true");
        assertTrue(GlobalConfiguration.STRICT.getCurrentValue());
        System.clearProperty("liquibase.strict");
        assertFalse(GlobalConfiguration.STRICT.getCurrentValue());
    }

    @Test
    void theSnapshotsTextNamesNoValue() {
        System.setProperty("liquibase.strict", "s3cret-value");
        String text = ConfigurationSnapshot.snapshot().toString();
        assertFalse(text.contains("s3cret-value"), text);
        assertTrue(text.endsWith(" system properties"), text);
    }

    @Test
    void theProvidersAreReplacedOnceNotAdded() throws Exception {
        strictInExecution();
        strictInExecution();
        List<ConfigurationValueProvider> providers = List.copyOf(
                Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class).getProviders());
        assertEquals(1, providers.stream().filter(p -> p.getPrecedence() == 200).count(), providers.toString());
        assertEquals(1, providers.stream().filter(p -> p.getPrecedence() == 150).count(), providers.toString());
        assertTrue(providers.stream().anyMatch(p -> p instanceof ConfigurationSnapshot.SnapshotSystemProperties));
        assertTrue(providers.stream().anyMatch(p -> p instanceof ConfigurationSnapshot.HashedEnvironment));
    }
}
