def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// <changeLogFile>src/main/resources/db/master.xml</changeLogFile> becomes the classpath path db/master.xml
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:validate: checking db/master.xml for h2 without a database'
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:selftest: update, rollback (auto), update of db/master.xml on a private in-memory H2'
// 2 XML + 2 YAML + 2 formatted-SQL changesets, included from an XML master
expect '[INFO] schema:validate src/main/resources/db/master.xml: 6 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
expect '[INFO] schema:selftest src/main/resources/db/master.xml: 6 changesets: 6 applied, 6 rolled back, 6 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 6 applied changesets'
expect '[INFO] BUILD SUCCESS'
