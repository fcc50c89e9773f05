def build = evaluate(new File(buildLogScript)).call(basedir)
def expect = build.expect

// The app module's changelog includes a file from the schema module's jar: both goals find it.
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets: 2 applied, 2 rolled back, 2 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 2 applied changesets'
expect '[INFO] BUILD SUCCESS'
