package dev.schemacode.core.problem;

/** How bad a {@link Problem} is: an {@code ERROR} fails the build, a {@code WARNING} is logged only. */
public enum Severity {
    ERROR,
    WARNING
}
