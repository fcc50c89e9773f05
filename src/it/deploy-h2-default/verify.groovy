def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect

expect '[WARNING] no target configured (<url> or <server>): using the embedded H2 database target/schema-db/deploy-h2-default; set <url> to work on a real database'
assert log.any { it ==~ /\[INFO\] applied db\/changelog\/db\.changelog-master\.yaml::1::ana \(src\/main\/resources\/db\/changelog\/db\.changelog-master\.yaml:2\) in \d+ ms/ } : 'audit line for changeset 1'
assert log.any { it.startsWith('[INFO] applied db/changelog/db.changelog-master.yaml::2::ana (') }
expect '[INFO] schema:deploy jdbc:h2:file:' + new File(basedir, 'target/schema-db/deploy-h2-default').canonicalPath + ': 2 changesets applied, 0 already applied, 0 skipped by context/label/dbms filters (<time>)'
assert new File(basedir, 'target/schema-db/deploy-h2-default.mv.db').isFile()
expect '[INFO] BUILD SUCCESS'
