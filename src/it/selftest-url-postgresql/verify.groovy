def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect

// first build: the cycle ran on the scratch database, which is empty again
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 2 changesets: 2 applied, 2 rolled back, 2 re-applied, 0 skipped by context/label/dbms filters on PostgreSQL (scratch database jdbc:postgresql://127.0.0.1:5432/schemacode_it_scratch_empty) (<time>); rollback tested for all 2 applied changesets'
def empty = dev.schemacode.TestDatabase.existing('postgresql', 'schemacode_it_scratch_empty')
assert empty.tables().isEmpty() : 'left behind: ' + empty.tables()
empty.close()
// second build: a database holding a table no self-test left is refused and left as it was
assert log.any { it.contains('the scratch database jdbc:postgresql://127.0.0.1:5432/schemacode_it_scratch_busy is not empty: it holds 1 object (invoices) that no self-test left') }
def busy = dev.schemacode.TestDatabase.existing('postgresql', 'schemacode_it_scratch_busy')
assert busy.tables() == ['invoices'] as Set : 'changed: ' + busy.tables()
busy.close()
