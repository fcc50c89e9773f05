package dev.schemacode.core;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM hint appears only for a slow goal on a machine of two cores whose JVM runs its optimising compiler. */
class JvmHintTest {

    @Test
    void aSlowGoalOnTwoCoresWithTheJvmDefaultsGetsTheHint() {
        String hint = JvmHint.of(3.5, 2, List.of("-Dmaven.home=/usr/share/maven"));
        assertNotNull(hint);
        assertTrue(hint.startsWith("hint: on 2 CPUs, ") && hint.contains("-XX:TieredStopAtLevel=1 and -XX:+UseSerialGC in .mvn/jvm.config"), hint);
        assertTrue(JvmHint.of(2.1, 1, List.of()).startsWith("hint: on 1 CPU, "));
    }

    @Test
    void noHintWhenFastOnMoreCoresOrAlreadyTuned() {
        assertNull(JvmHint.of(1.9, 2, List.of()), "fast enough");
        assertNull(JvmHint.of(2.0, 2, List.of()), "at the target");
        assertNull(JvmHint.of(3.5, 4, List.of()), "more cores: the compiler has one of its own");
        assertNull(JvmHint.of(3.5, 2, List.of("-XX:TieredStopAtLevel=1")), "the option is set already");
        assertNull(JvmHint.of(3.5, 2, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=3")), "the user chose a tier");
    }
}
