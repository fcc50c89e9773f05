package dev.schemacode.maven;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Wiring only: the goals users call, their phases and properties, skip switches and how core
 * failures reach Maven. The behaviour behind them is tested in the core and by the ITs.
 */
class MojoWiringTest {

    @TempDir
    Path dir;

    /** A Maven log that keeps lines. */
    static final class RecordingMavenLog implements Log {
        final List<String> lines = new ArrayList<>();
        final boolean debug;

        RecordingMavenLog(boolean debug) {
            this.debug = debug;
        }

        @Override public boolean isDebugEnabled() { return debug; }
        @Override public void debug(CharSequence c) { if (debug) { lines.add("[DEBUG] " + c); } }
        @Override public void debug(CharSequence c, Throwable e) { debug(c); }
        @Override public void debug(Throwable e) { }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public void info(CharSequence c) { lines.add("[INFO] " + c); }
        @Override public void info(CharSequence c, Throwable e) { info(c); }
        @Override public void info(Throwable e) { }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(CharSequence c) { lines.add("[WARNING] " + c); }
        @Override public void warn(CharSequence c, Throwable e) { warn(c); }
        @Override public void warn(Throwable e) { }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(CharSequence c) { lines.add("[ERROR] " + c); }
        @Override public void error(CharSequence c, Throwable e) { error(c); }
        @Override public void error(Throwable e) { }
    }

    private MavenProject project() {
        Model model = new Model();
        Build build = new Build();
        build.setDirectory(dir.resolve("target").toString());
        build.setOutputDirectory(dir.resolve("target/classes").toString());
        Resource resource = new Resource();
        resource.setDirectory(dir.resolve("src/main/resources").toString());
        build.addResource(resource);
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(dir.resolve("pom.xml").toFile());
        return project;
    }

    private <T extends AbstractMojo> T mojo(T mojo, RecordingMavenLog log) throws Exception {
        set(mojo, "project", project());
        set(mojo, "springBoot", true);
        mojo.setLog(log);
        return mojo;
    }

    /** A project whose POM writes {@code <element>value</element>} in this plugin's configuration. */
    private MavenProject projectConfiguring(String element, String value) {
        org.apache.maven.model.Plugin plugin = new org.apache.maven.model.Plugin();
        plugin.setGroupId("dev.schemacode");
        plugin.setArtifactId("schemacode-maven-plugin");
        org.codehaus.plexus.util.xml.Xpp3Dom configuration = new org.codehaus.plexus.util.xml.Xpp3Dom("configuration");
        org.codehaus.plexus.util.xml.Xpp3Dom child = new org.codehaus.plexus.util.xml.Xpp3Dom(element);
        child.setValue(value);
        configuration.addChild(child);
        plugin.setConfiguration(configuration);
        MavenProject project = project();
        project.getBuild().addPlugin(plugin);
        return project;
    }

    /** A Maven session with no settings and no properties. */
    @SuppressWarnings("deprecation")
    private static org.apache.maven.execution.MavenSession session() {
        return new org.apache.maven.execution.MavenSession(null, new org.apache.maven.execution.DefaultMavenExecutionRequest(),
                new org.apache.maven.execution.DefaultMavenExecutionResult(), List.of());
    }

    private static void set(Object target, String name, Object value) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    private void brokenChangelog() {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable><column name="id" type="int"/></createTable>
                </changeSet>"""));
    }

    @Test
    void eachSkipSwitchSkipsTheSelfTestWithOneLineSayingWhy() throws Exception {
        brokenChangelog();
        for (String flag : List.of("skip", "skipSelfTest", "skipTests", "mavenTestSkip")) {
            RecordingMavenLog log = new RecordingMavenLog(false);
            SelfTestMojo mojo = mojo(new SelfTestMojo(), log);
            set(mojo, "rollbackTest", "auto");
            set(mojo, flag, true);
            mojo.execute();
            String expected = switch (flag) {
                case "skip" -> "schema.skip";
                case "skipSelfTest" -> "schema.selftest.skip";
                case "skipTests" -> "skipTests";
                default -> "maven.test.skip";
            };
            assertEquals(List.of("[INFO] schema:selftest skipped (" + expected + ")"), log.lines);
        }
    }

    @Test
    void validateSkipSwitches() throws Exception {
        brokenChangelog();
        for (String flag : List.of("skip", "skipValidate")) {
            RecordingMavenLog log = new RecordingMavenLog(false);
            ValidateMojo mojo = mojo(new ValidateMojo(), log);
            set(mojo, flag, true);
            mojo.execute();
            assertEquals(1, log.lines.size());
            assertTrue(log.lines.get(0).startsWith("[INFO] schema:validate skipped (schema."), log.lines.get(0));
        }
    }

    @Test
    void aParentPomWithoutChangelogIsSkipped() throws Exception {
        for (AbstractSchemaMojo mojo : List.of(new ValidateMojo(), new SelfTestMojo())) {
            RecordingMavenLog log = new RecordingMavenLog(false);
            mojo(mojo, log);
            MavenProject project = project();
            project.setPackaging("pom");
            set(mojo, "project", project);
            mojo.execute();
            assertEquals(List.of("[INFO] schema:" + mojo.goal() + " skipped (pom packaging and no <changeLogFile>)"), log.lines);
        }
    }

    @Test
    void aServerThatSettingsDoNotDefineFailsAndNeverFallsBack() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        DeployMojo mojo = mojo(new DeployMojo(), new RecordingMavenLog(false));
        set(mojo, "session", session());
        set(mojo, "server", "staging");
        set(mojo, "url", "jdbc:h2:mem:staging");
        set(mojo, "connectTimeout", 5);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("settings.xml has no <server> with id 'staging'"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("target/schema-db")), "no fallback to the embedded database");
    }

    @Test
    void aPasswordWrittenInThePomWorksWithAWarning() throws Exception {
        RecordingMavenLog log = new RecordingMavenLog(false);
        DeployMojo mojo = mojo(new DeployMojo(), log);
        set(mojo, "project", projectConfiguring("password", "in-the-pom"));
        set(mojo, "session", session());
        set(mojo, "url", "jdbc:h2:mem:x");
        set(mojo, "connectTimeout", 5);
        dev.schemacode.core.config.Target target = mojo.target();
        assertEquals("in-the-pom", target.password().reveal());
        assertTrue(log.lines.contains("[WARNING] a plain-text <password> is written in the POM; use <server> with an encrypted"
                + " password in settings.xml, or the SCHEMA_PASSWORD environment variable"), log.lines.toString());
        assertEquals("****", target.password().toString());
    }

    @Test
    void aConfiguredUrlThatResolvesToNothingFailsInsteadOfUsingTheEmbeddedDatabase() throws Exception {
        DeployMojo mojo = mojo(new DeployMojo(), new RecordingMavenLog(false));
        set(mojo, "project", projectConfiguring("url", "${env.STAGING_DB_URL}"));
        set(mojo, "session", session());
        SchemaFailureHolder.assertFails(() -> mojo.target(),
                "<url> is configured as ${env.STAGING_DB_URL} but resolves to nothing");
        set(mojo, "server", "staging");
        SchemaFailureHolder.assertFails(() -> mojo.target(), "<server> staging is set but <url> is not");
    }

    /** Asserts a core failure's message start. */
    static final class SchemaFailureHolder {
        interface Call {
            Object run() throws Exception;
        }

        static void assertFails(Call call, String start) {
            dev.schemacode.core.problem.SchemaFailure e = assertThrows(dev.schemacode.core.problem.SchemaFailure.class, call::run);
            assertTrue(e.getMessage().startsWith(start), e.getMessage());
        }
    }

    @Test
    void brokenChangelogIsABuildFailureWithOneLineAndNoCauseAtTheDefaultLevel() throws Exception {
        brokenChangelog();
        ValidateMojo mojo = mojo(new ValidateMojo(), new RecordingMavenLog(false));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("src/main/resources/db/changelog/db.changelog-master.xml:7: XML error: "
                + "Attribute 'tableName' must appear on element 'createTable'.", e.getMessage());
        assertNull(e.getCause(), "Maven appends every cause's message to the error line");
    }

    @Test
    void withDebugTheCauseIsKeptForTheStackTrace() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", "<databaseChangeLog><oops");
        ValidateMojo mojo = mojo(new ValidateMojo(), new RecordingMavenLog(true));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getCause() != null);
    }

    @Test
    void badParameterValueIsABuildFailureNamingIt() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        SelfTestMojo mojo = mojo(new SelfTestMojo(), new RecordingMavenLog(false));
        set(mojo, "rollbackTest", "sometimes");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("rollbackTest must be auto, all or none, was 'sometimes'", e.getMessage());
    }

    @Test
    void theMariaDbDriversOwnCopyOfEachSqlErrorIsSilencedBelowDebugUnlessTheUserChose() {
        String before = System.getProperty(AbstractSchemaMojo.MARIADB_LOGGING);
        try {
            System.clearProperty(AbstractSchemaMojo.MARIADB_LOGGING);
            AbstractSchemaMojo.quietDriverLogging(true);
            assertEquals(null, System.getProperty(AbstractSchemaMojo.MARIADB_LOGGING), "kept at -X");
            AbstractSchemaMojo.quietDriverLogging(false);
            assertEquals("true", System.getProperty(AbstractSchemaMojo.MARIADB_LOGGING));
            System.setProperty(AbstractSchemaMojo.MARIADB_LOGGING, "false");
            AbstractSchemaMojo.quietDriverLogging(false);
            assertEquals("false", System.getProperty(AbstractSchemaMojo.MARIADB_LOGGING), "the user's choice wins");
        } finally {
            if (before == null) {
                System.clearProperty(AbstractSchemaMojo.MARIADB_LOGGING);
            } else {
                System.setProperty(AbstractSchemaMojo.MARIADB_LOGGING, before);
            }
        }
    }

    @Test
    void validateAndLockTakeTheTargetDialectFromTheDeployUrlUnlessTargetDatabaseIsSet() throws Exception {
        // the lock records (and validates) for the same dialect validate checks, so the two agree
        for (AbstractSchemaMojo mojo : List.of(new ValidateMojo(), new LockMojo())) {
            assertEquals(null, mojo.targetDatabase());
            set(mojo, "url", "jdbc:postgresql://db.example:5432/shop");
            assertEquals("postgresql", mojo.targetDatabase());
            set(mojo, "url", "jdbc:sqlserver://db.example:1433;databaseName=shop");
            assertEquals("mssql", mojo.targetDatabase());
            set(mojo, "targetDatabase", "mariadb");
            assertEquals("mariadb", mojo.targetDatabase());
        }
    }

    @Test
    void anUnknownSelfTestEngineIsABuildFailureListingTheKnownOnes() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        SelfTestMojo mojo = mojo(new SelfTestMojo(), new RecordingMavenLog(false));
        set(mojo, "rollbackTest", "auto");
        set(mojo, "selftestEngine", "oracle");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("selftestEngine 'oracle' is not known; use h2, postgresql, mariadb or target", e.getMessage());
    }

    @Test
    void anUnknownTargetDatabaseFailsTheSelfTestAsItFailsValidate() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        for (String engine : List.of("h2", "target")) {
            SelfTestMojo mojo = mojo(new SelfTestMojo(), new RecordingMavenLog(false));
            set(mojo, "rollbackTest", "auto");
            set(mojo, "selftestEngine", engine);
            set(mojo, "targetDatabase", "postgres");
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute, engine);
            assertTrue(e.getMessage().startsWith("unknown targetDatabase 'postgres'; did you mean postgresql? use one of "), e.getMessage());
        }
    }

    /**
     * A dialect the project itself provides (a Liquibase Database service in its classes or
     * runtime dependencies) is a valid targetDatabase for the self-test as for validate: the name is
     * checked where the project's class path is loaded, in a JVM where Liquibase has not listed
     * its dialects yet.
     */
    @Test
    void aDialectOfTheProjectsOwnClassPathIsAKnownTargetDatabaseForTheSelfTest() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        java.nio.file.Path classes = dir.resolve("target/classes");
        java.nio.file.Path source = write(dir, "src/main/java/com/example/ShopDatabase.java", """
                package com.example;
                public class ShopDatabase extends liquibase.database.core.H2Database {
                    @Override public String getShortName() { return "shopdb"; }
                    @Override public int getPriority() { return PRIORITY_DEFAULT - 1; }
                }
                """);
        String liquibaseJar = java.nio.file.Path.of(liquibase.database.Database.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", liquibaseJar, source.toString()), "test setup: compiling the dialect");
        write(classes, "META-INF/services/liquibase.database.Database", "com.example.ShopDatabase\n");
        liquibase.database.DatabaseFactory.setInstance(null); // as in a fresh Maven JVM: the dialects are listed at first use
        try {
            SelfTestMojo mojo = mojo(new SelfTestMojo(), new RecordingMavenLog(false));
            set(mojo, "rollbackTest", "auto");
            set(mojo, "targetDatabase", "shopdb");
            mojo.execute();
        } finally {
            liquibase.database.DatabaseFactory.setInstance(null); // later tests must not see this project's dialect
        }
    }

    @Test
    void selfTestEngineTargetFollowsTheDeployUrlAndRefusesAnEngineItCannotStart() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        SelfTestMojo mojo = mojo(new SelfTestMojo(), new RecordingMavenLog(false));
        set(mojo, "rollbackTest", "auto");
        set(mojo, "selftestEngine", "target");
        set(mojo, "url", "jdbc:oracle:thin:@db.example:1521/shop");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("selftestEngine=target, but the self-test cannot start the target jdbc:oracle:thin:@db.example:1521/shop"
                + " (it starts h2, postgresql and mariadb/mysql); set selftestEngine explicitly, or self-test on a scratch"
                + " database (<selftestUrl>)", e.getMessage());
        assertEquals(dev.schemacode.core.engine.EngineKind.H2, dev.schemacode.core.config.SelfTestConfig.engine("target", null, null));
        assertEquals(dev.schemacode.core.engine.EngineKind.POSTGRESQL,
                dev.schemacode.core.config.SelfTestConfig.engine("target", "jdbc:postgresql://db:5432/shop", null));
        assertEquals(dev.schemacode.core.engine.EngineKind.MARIADB,
                dev.schemacode.core.config.SelfTestConfig.engine("TARGET", null, "mysql"));
    }

    @Test
    void unreadableSearchPathJarIsABuildError() throws Exception {
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        write(dir, "lib/not-a-jar.jar", "this is not a zip file");
        ValidateMojo mojo = mojo(new ValidateMojo(), new RecordingMavenLog(false));
        set(mojo, "searchPath", List.of("lib/not-a-jar.jar"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("not-a-jar.jar"), e.getMessage());
    }

    @Test
    void pluginDescriptorDeclaresGoalsPhasesAndUserProperties() throws Exception {
        Path descriptor = Path.of("target/classes/META-INF/maven/plugin.xml");
        assertTrue(Files.isRegularFile(descriptor), "the build generates " + descriptor);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
        assertEquals("schema", text(doc.getDocumentElement(), "goalPrefix"));
        NodeList mojos = doc.getElementsByTagName("mojo");
        List<String> goals = new ArrayList<>();
        for (int i = 0; i < mojos.getLength(); i++) {
            Element m = (Element) mojos.item(i);
            String goal = text(m, "goal");
            goals.add(goal);
            assertEquals("true", text(m, "threadSafe"), goal + " is thread-safe");
            if (goal.equals("validate")) {
                assertEquals("validate", text(m, "phase"));
            }
            if (goal.equals("rollback")) {
                String config = configuration(m);
                for (String property : List.of("${schema.rollbackTag}", "${schema.rollbackCount}", "${schema.rollbackDate}", "${schema.dryRun}")) {
                    assertTrue(config.contains(property), "rollback reads " + property + ": " + config);
                }
            }
            if (goal.equals("deploy")) {
                assertEquals("deploy", text(m, "phase"));
                String config = configuration(m);
                for (String property : List.of("${schema.url}", "${schema.username}", "${schema.server}", "${schema.tag}",
                        "${schema.dryRun}", "${schema.lockTimeout}", "${schema.allowUnknownChangesets}", "${schema.deploy.skip}")) {
                    assertTrue(config.contains(property), "deploy reads " + property + ": " + config);
                }
                // Maven prints every parameter at -X: the password is deliberately not one.
                assertTrue(!config.contains("password"), config);
            }
            if (goal.equals("selftest")) {
                assertEquals("verify", text(m, "phase"));
                assertEquals("runtime", text(m, "requiresDependencyResolution"));
                String config = configuration(m);
                for (String property : List.of("${schema.skip}", "${schema.selftest.skip}", "${skipTests}",
                        "${maven.test.skip}", "${schema.changeLogFile}", "${schema.contexts}", "${schema.labels}",
                        "${schema.rollbackTest}", "${schema.h2Mode}", "${schema.searchPath}", "${schema.selftestEngine}",
                        "${schema.selftestEngineVersion}", "${schema.selftestUrl}", "${schema.selftestUsername}",
                        "${schema.selftestServer}")) {
                    assertTrue(config.contains(property), "selftest reads " + property + ": " + config);
                }
                assertTrue(config.contains("default-value=\"auto\""), config);
                assertTrue(!config.toLowerCase(java.util.Locale.ROOT).contains("password"), config);
            }
        }
        assertEquals(List.of("baseline", "deploy", "help", "history", "lock", "rollback", "selftest", "sql", "status", "unlock", "validate"),
                goals.stream().sorted().toList());
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static String configuration(Element mojo) {
        StringBuilder out = new StringBuilder();
        NodeList config = mojo.getElementsByTagName("configuration");
        if (config.getLength() > 0) {
            NodeList children = config.item(0).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e) {
                    out.append(e.getTagName()).append(' ').append(e.getTextContent())
                            .append(e.hasAttribute("default-value") ? " default-value=\"" + e.getAttribute("default-value") + "\"" : "")
                            .append('\n');
                }
            }
        }
        return out.toString();
    }
}
