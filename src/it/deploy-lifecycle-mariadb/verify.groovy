def build = evaluate(new File(buildLogScript)).call(basedir)
def expect = build.expect
def url = 'jdbc:mariadb://127.0.0.1:3306/schemacode_it_lifecycle'

// 1. the dry run writes SQL ...
expect "[INFO] schema:sql dry run for ${url}: 2 changesets would be applied; SQL in target/schema/deploy-schemacode_it_lifecycle.sql (<time>)"
assert new File(basedir, 'target/schema/deploy-schemacode_it_lifecycle.sql').text.contains('CREATE TABLE')
// 2. ... and changed nothing: the real deploy applies both
expect "[INFO] schema:deploy ${url}: 2 changesets applied, 0 already applied, 0 skipped by context/label/dbms filters; tagged v1 (<time>)"
// 3. a second deploy of the same changelog applies nothing
expect "[INFO] schema:deploy ${url}: 0 changesets applied, 2 already applied, 0 skipped by context/label/dbms filters; tagged v1 (<time>)"
// 4. the next release applies only what is new
expect "[INFO] schema:deploy ${url}: 2 changesets applied, 2 already applied, 0 skipped by context/label/dbms filters; tagged v2 (<time>)"
// 5. rollback to tag v1 undoes release 2, newest first
expect '[INFO] rolled back db.changelog.xml::4::ben'
expect '[INFO] rolled back db.changelog.xml::3::ben'
expect "[INFO] schema:rollback ${url}: 2 changesets rolled back"
// 6. an applied changeset edited afterwards is refused, with its file and line, and nothing runs
assert build.lines.any { it.contains('edited/db.changelog.xml:6: changeset db.changelog.xml::1::ana was edited after it was applied to this target') }
expect '[INFO] BUILD FAILURE'

def db = dev.schemacode.TestDatabase.existing('mariadb', 'schemacode_it_lifecycle')
try {
    assert db.tables() == ['customer', 'databasechangelog', 'databasechangeloglock', 'orders'] as TreeSet : db.tables()
    assert db.history() == '2 rows, tag v1'
    // the columns are release 1's: email went with the rollback
    def c = db.connect()
    try {
        def columns = [] as TreeSet
        def r = c.metaData.getColumns('schemacode_it_lifecycle', null, 'customer', '%')
        while (r.next()) {
            columns << r.getString('COLUMN_NAME')
        }
        assert columns == ['id', 'name'] as TreeSet : columns
    } finally {
        c.close()
    }
} finally {
    db.close()
}
return true
