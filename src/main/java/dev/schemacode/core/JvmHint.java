package dev.schemacode.core;

import java.util.List;

/**
 * A one-line hint for a slow goal on a small machine: with Maven's JVM on its defaults, the
 * optimising (C2) compiler holds one of two cores for most of a short build, and
 * {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} in the project's {@code .mvn/jvm.config} make
 * {@code schema:validate} of a large changelog about twice as fast (BENCHMARKS.md, 2026-12-02:
 * 5,000 changesets in 3.5 s with the defaults, 1.6–2.1 s with the two options). A plugin cannot
 * set the options of the JVM it runs in, so it says so once, when it matters.
 */
public final class JvmHint {

    /** Plugin time above which the hint is shown, in seconds: the roadmap's target for 5,000 changesets. */
    static final double SLOW_SECONDS = 2.0;

    private JvmHint() {
    }

    /**
     * @param seconds the goal's own time, in seconds
     * @return the hint for this JVM, or {@code null} when the goal was fast, the machine has more
     *     than two cores, or the JVM already stops at the first compiler tier
     */
    public static String forThisJvm(double seconds) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (seconds <= SLOW_SECONDS || cpus > 2) {
            return null; // decided without loading the management classes
        }
        List<String> arguments;
        try {
            arguments = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return null; // no management support: no hint rather than a wrong one
        }
        return of(seconds, cpus, arguments);
    }

    /**
     * @param seconds the goal's own time, in seconds
     * @param cpus the processors the JVM may use
     * @param jvmArguments the JVM's options as it was started ({@code MAVEN_OPTS} and {@code .mvn/jvm.config} included)
     * @return the hint, or {@code null} (see {@link #forThisJvm})
     */
    static String of(double seconds, int cpus, List<String> jvmArguments) {
        if (seconds <= SLOW_SECONDS || cpus > 2 || jvmArguments.stream().anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel="))) {
            return null;
        }
        return "hint: on " + cpus + (cpus == 1 ? " CPU" : " CPUs") + ", Maven's JVM spends much of a short build compiling;"
                + " -XX:TieredStopAtLevel=1 and -XX:+UseSerialGC in .mvn/jvm.config (one per line) make schema:validate of a"
                + " large changelog about twice as fast (README: Design choices)";
    }
}
