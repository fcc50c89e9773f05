def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines

build.expect '[INFO] BUILD SUCCESS'
def summaries = log.findAll { it.startsWith('[INFO] schema:deploy jdbc:postgresql://127.0.0.1:5432/schemacode_it_concurrent: ') }
assert summaries.size() == 2 : summaries
// one deploy applied all 30; the other, having waited for the lock, found them applied
assert summaries.any { it.contains(': 30 changesets applied, 0 already applied') } : summaries
assert summaries.any { it.contains(': 0 changesets applied, 30 already applied') } : summaries
assert log.count { it.startsWith('[INFO] applied ') } == 30 : 'each changeset applied exactly once'
def db = dev.schemacode.TestDatabase.existing('postgresql', 'schemacode_it_concurrent')
try {
    assert db.history() == '30 rows, tag null'
} finally {
    db.close()
}
