package dev.schemacode;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real inputs and servers that tests need but a laptop may lack: on a machine without them the
 * test is skipped with one line saying why; under {@code CI=true} it fails instead.
 */
public final class RealDatabases {

    /** Reasons already printed in this test JVM: surefire's console shows skips only as a count. */
    private static final java.util.Set<String> TOLD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RealDatabases() {
    }

    /** Skips (or, under CI, fails) the calling test when {@code available} is false. */
    public static void require(boolean available, String why) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(why + " (CI=true: required)");
        }
        if (TOLD.add(why)) {
            System.out.println("[WARNING] skipping tests that need it: " + why);
        }
        Assumptions.abort(why);
    }
}
