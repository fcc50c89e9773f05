package dev.schemacode.core.lint;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.Severity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link LintReport} as {@code validate.json} (Schemacode's own shape, documented in the
 * README, {@code "format": 1}) and {@code validate.sarif} (SARIF 2.1.0, OASIS Static Analysis
 * Results Interchange Format, https://docs.oasis-open.org/sarif/sarif/v2.1.0/, for code-scanning
 * views), with the same findings and the run's other problems. Paths are relative to the project directory.
 */
public final class LintReports {

    /** The reports' file names (constants: reading them does not load this class and its JSON mapper). */
    public static final String JSON_FILE = "validate.json";
    public static final String SARIF_FILE = "validate.sarif";

    /** SARIF rule id prefix of the goal's own checks (structure, validation, lock), e.g. {@code check/lock-edited}. */
    static final String PROBLEM_RULE_PREFIX = "check/";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(Result.class, LevelAlwaysWritten.class)
            .addMixIn(ReportingConfiguration.class, LevelAlwaysWritten.class);

    /**
     * Writes a {@code level} even when it equals the SARIF schema's default. The object model leaves
     * out values equal to the schema's defaults, and SARIF (3.27.10) lets an absent result level
     * default to the rule's configuration, so a warning of a rule configured as an error would
     * otherwise read as an error.
     */
    private abstract static class LevelAlwaysWritten {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        private Object level;
    }

    private LintReports() {
    }

    /**
     * What the reports say about the run.
     *
     * @param toolVersion Schemacode's version
     * @param liquibaseVersion Liquibase's version
     * @param changelog the master changelog as shown to users
     * @param projectDir the project directory (SARIF's base for relative paths)
     */
    public record Meta(String toolVersion, String liquibaseVersion, String changelog, Path projectDir) { }

    /**
     * Writes both files into {@code dir}, creating it, with the goal's other problems too
     * (structural errors, Liquibase's validation, the lock check), so a failing build's reasons are
     * in the reports.
     *
     * @param problems the goal's problems that are not rule findings, in the order shown
     * @return the two files written: JSON, then SARIF
     * @throws IOException when they cannot be written
     */
    public static List<Path> write(LintReport report, List<Problem> problems, Meta run, Path dir) throws IOException {
        return List.of(writeJson(report, problems, run, dir), writeSarif(report, problems, run, dir));
    }

    /**
     * Writes {@code validate.json} into {@code dir}, creating it; may run beside {@link #writeSarif}.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path writeJson(LintReport report, List<Problem> problems, Meta run, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(JSON_FILE);
        JSON.writeValue(json.toFile(), json(report, problems, run));
        return json;
    }

    /**
     * Writes {@code validate.sarif} into {@code dir}, creating it; may run beside {@link #writeJson}.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path writeSarif(LintReport report, List<Problem> problems, Meta run, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path sarif = dir.resolve(SARIF_FILE);
        JSON.writeValue(sarif.toFile(), sarif(report, problems, run));
        return sarif;
    }

    /**
     * Loads and initialises what writing the reports needs (Jackson's serializers for both shapes,
     * the rule catalogue) by rendering an empty report to nowhere. Run on an idle thread before
     * the findings are known, it takes that one-time cost off the goal's critical path; it writes
     * no file.
     */
    public static void prime() {
        Rule rule = Rules.all().get(0);
        Finding one = new Finding(rule, rule.level(), new dev.schemacode.core.problem.Location("db.changelog-master.xml", 1, "1::a"),
                "primes the serializers", false, "allowed");
        LintReport sample = new LintReport(List.of(one), List.of(), false, "h2", java.util.Map.of());
        Meta run = new Meta("0", "0", "db.changelog-master.xml", Path.of("").toAbsolutePath());
        try {
            List<Problem> problems = List.of(Problem.error("validation", one.location(), "primes the serializers"));
            JSON.writeValue(java.io.OutputStream.nullOutputStream(), json(sample, problems, run));
            JSON.writeValue(java.io.OutputStream.nullOutputStream(), sarif(sample, problems, run));
        } catch (IOException e) {
            // writing to nowhere does not fail; and priming is only an optimisation
        }
    }

    /** @return the JSON document with the goal's other problems; its shape is documented in the README ("validate.json") */
    static ObjectNode json(LintReport report, List<Problem> problems, Meta run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.putObject("tool").put("name", "Schemacode").put("version", run.toolVersion()).put("liquibase", run.liquibaseVersion());
        root.put("changelog", run.changelog());
        root.put("targetDatabase", report.target());
        root.put("lockFile", report.judged());
        ObjectNode counts = root.putObject("counts");
        counts.put("error", report.count(RuleLevel.ERROR));
        counts.put("warn", report.count(RuleLevel.WARN));
        counts.put("allowed", report.suppressed());
        counts.put("released", report.released());
        counts.put("notAnalysed", report.notAnalysed().size());
        counts.put("problemErrors", problems.stream().filter(p -> p.severity() == Severity.ERROR).count());
        counts.put("problemWarnings", problems.stream().filter(p -> p.severity() != Severity.ERROR).count());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode n = findings.addObject();
            n.put("rule", f.rule().id());
            n.put("level", f.level().label());
            n.put("file", f.location().path());
            n.put("line", f.location().line());
            n.put("changeset", f.location().changeset());
            n.put("message", f.message());
            n.put("why", f.rule().why());
            n.put("saferWay", f.rule().saferWay());
            n.put("released", f.released());
            if (f.suppression() != null) {
                n.put("allowed", f.suppression());
            } else {
                n.putNull("allowed");
            }
        }
        ArrayNode other = root.putArray("problems");
        for (Problem p : problems) {
            ObjectNode n = other.addObject();
            n.put("code", p.code());
            n.put("level", p.severity() == Severity.ERROR ? "error" : "warn");
            n.put("file", p.location().path());
            n.put("line", p.location().line());
            n.put("changeset", p.location().changeset());
            n.put("message", p.message());
        }
        ArrayNode unread = root.putArray("notAnalysed");
        for (LintReport.NotAnalysed a : report.notAnalysed()) {
            unread.addObject().put("file", a.location().path()).put("line", a.location().line())
                    .put("changeset", a.location().changeset()).put("statement", a.statement()).put("reason", a.reason());
        }
        return root;
    }

    /**
     * @return the SARIF 2.1.0 log: one run, every rule as a reporting descriptor, every finding as a
     *     result, then a result (and a rule per code, {@code check/<code>}) for each of the goal's other problems
     */
    static SarifSchema210 sarif(LintReport report, List<Problem> problems, Meta run) {
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (Rule rule : Rules.all()) {
            rules.add(new ReportingDescriptor().withId(rule.id())
                    .withShortDescription(new MultiformatMessageString().withText(rule.why()))
                    .withHelp(new MultiformatMessageString().withText("Safer: " + rule.saferWay()))
                    .withDefaultConfiguration(new ReportingConfiguration().withLevel(level(report.levels().getOrDefault(rule.id(), rule.level())))));
        }
        rules.add(new ReportingDescriptor().withId(Linter.SUPPRESSION.id())
                .withShortDescription(new MultiformatMessageString().withText(Linter.SUPPRESSION.why()))
                .withHelp(new MultiformatMessageString().withText("Safer: " + Linter.SUPPRESSION.saferWay()))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(ReportingConfiguration.Level.ERROR)));
        List<Result> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            PhysicalLocation where = new PhysicalLocation().withArtifactLocation(new ArtifactLocation()
                    .withUri(f.location().path()).withUriBaseId("PROJECTROOT"));
            if (f.location().line() > 0) {
                where.withRegion(new Region().withStartLine(f.location().line()));
            }
            Result result = new Result().withRuleId(f.rule().id())
                    .withLevel(f.released() ? Result.Level.NOTE : f.level() == RuleLevel.ERROR ? Result.Level.ERROR : Result.Level.WARNING)
                    .withMessage(new Message().withText("changeset " + f.location().changeset() + " " + f.message() + ": "
                            + f.rule().why() + " — safer: " + f.rule().saferWay()))
                    .withLocations(List.of(new com.contrastsecurity.sarif.Location().withPhysicalLocation(where)))
                    .withBaselineState(f.released() ? Result.BaselineState.UNCHANGED : Result.BaselineState.NEW);
            if (f.suppression() != null) {
                result.withSuppressions(Set.of(new Suppression().withKind(Suppression.Kind.IN_SOURCE).withJustification(f.suppression())));
            }
            results.add(result);
        }
        for (Problem p : problems) {
            String id = PROBLEM_RULE_PREFIX + p.code();
            if (rules.stream().noneMatch(r -> r.getId().equals(id))) {
                rules.add(new ReportingDescriptor().withId(id)
                        .withShortDescription(new MultiformatMessageString().withText("Schemacode's " + p.code()
                                + " check: what the build reports before any database is touched"))
                        .withDefaultConfiguration(new ReportingConfiguration().withLevel(ReportingConfiguration.Level.ERROR)));
            }
            PhysicalLocation where = new PhysicalLocation().withArtifactLocation(new ArtifactLocation()
                    .withUri(p.location().path() == null ? run.changelog() : p.location().path()).withUriBaseId("PROJECTROOT"));
            if (p.location().line() > 0) {
                where.withRegion(new Region().withStartLine(p.location().line()));
            }
            results.add(new Result().withRuleId(id)
                    .withLevel(p.severity() == Severity.ERROR ? Result.Level.ERROR : Result.Level.WARNING)
                    .withMessage(new Message().withText(p.message()))
                    .withLocations(List.of(new com.contrastsecurity.sarif.Location().withPhysicalLocation(where))));
        }
        com.contrastsecurity.sarif.OriginalUriBaseIds bases = new com.contrastsecurity.sarif.OriginalUriBaseIds();
        bases.setAdditionalProperty("PROJECTROOT", new ArtifactLocation().withUri(run.projectDir().toUri().toString()));
        return new SarifSchema210()
                .with$schema(URI.create("https://json.schemastore.org/sarif-2.1.0.json"))
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(new Run()
                        .withTool(new Tool().withDriver(new ToolComponent().withName("Schemacode").withVersion(run.toolVersion())
                                .withRules(rules)))
                        .withOriginalUriBaseIds(bases)
                        .withResults(results)));
    }

    private static ReportingConfiguration.Level level(RuleLevel level) {
        return switch (level) {
            case ERROR -> ReportingConfiguration.Level.ERROR;
            case WARN -> ReportingConfiguration.Level.WARNING;
            case OFF -> ReportingConfiguration.Level.NONE;
        };
    }
}
