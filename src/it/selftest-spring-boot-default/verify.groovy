def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// no <changeLogFile>: Spring Boot's default location is used
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:validate: checking db/changelog/db.changelog-master.yaml for h2 without a database'
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 4 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:selftest: update, rollback (auto), update of db/changelog/db.changelog-master.yaml on a private in-memory H2'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.yaml: 4 changesets: 4 applied, 4 rolled back, 4 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 4 applied changesets'
expect '[INFO] BUILD SUCCESS'
// resources were processed before the self-test, so it found the changelog in target/classes
assert !log.any { it.contains('reading the source resource directories instead') }
