def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

expect '[INFO] Using the MultiThreadedBuilder implementation with a thread count of 2'
// module-a: YAML master, 2 changesets; module-b: XML master, 3 changesets
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.xml: 3 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets: 2 applied, 2 rolled back, 2 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 2 applied changesets'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 3 changesets: 3 applied, 3 rolled back, 3 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 3 applied changesets'
assert schemaLines().size() == 4 : 'expected 4 summary lines, found ' + schemaLines()
['module-a', 'module-b'].each { module ->
    assert log.any { it ==~ /\[INFO\] ${module} \.+ SUCCESS \[.*\]/ } : module + ' did not succeed'
}
expect '[INFO] BUILD SUCCESS'
// both goals are @threadSafe: Maven must not warn about them
assert !log.any { it.startsWith('[WARNING]') && it.contains('schemacode-maven-plugin') }
// the self-test databases are private: no execution may ever wait for another's changelog lock
assert !log.any { it.contains('Waiting for changelog lock') }
