def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
build.expect '[INFO] Schemacode <version> (Liquibase <version>) schema:lock: recording db/changelog/db.changelog-master.xml for mysql'
def lock = new File(basedir, 'src/main/resources/db/changelog/schema.lock').getText('UTF-8')
assert lock.startsWith('schemacode-lock 1 for mysql\n') : lock
assert lock.contains('\ndb/changelog/db.changelog-master.xml::2-mysql::ana 9:') : lock
assert !lock.contains('::3-pg::') : lock
// validate for postgresql: no "gone" error for the mysql changeset
assert !log.any { it.contains('is gone from the changelog') }
assert log.any { it.contains('schema:validate src/main/resources/db/changelog/db.changelog-master.xml:') && it.contains('valid for postgresql') }
assert log.any { it.contains('released changeset db/changelog/db.changelog-master.xml::2-mysql::ana is not run on postgresql (its dbms excludes it), but this lock was recorded for mysql; run schema:lock with that targetDatabase') }
