def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines

build.expect '[INFO] BUILD SUCCESS'
build.expect '[INFO] schema:deploy jdbc:mariadb://127.0.0.1:3306/schemacode_it_deploy_mariadb: 21 changesets applied, 0 already applied, 0 skipped by context/label/dbms filters; tagged v1.0-SNAPSHOT (<time>)'
assert log.count { it.startsWith('[INFO] applied ') } == 21 : 'one audit line per changeset'
// the target as the deploy left it: the example's tables and its history, tagged
def db = dev.schemacode.TestDatabase.existing('mariadb', 'schemacode_it_deploy_mariadb')
try {
    assert db.tables().containsAll(['customers', 'books', 'orders', 'order_items', 'reviews', 'order_totals']) : db.tables()
    assert db.history() == '21 rows, tag v1.0-SNAPSHOT'
} finally {
    db.close()
}
