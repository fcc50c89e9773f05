def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
build.expect '[WARNING] src/main/resources/db/changelog/schema.lock: 1 new changeset is not in the lock yet (db/changelog/changes/001-customers.xml::003-customers-phone::ben); run mvn schema:lock when it is ready to release'
assert log.count { it.startsWith('[WARNING] src/main/resources/db/changelog/schema.lock:') } == 1 : 'warned once, before schema:lock'
build.expect '[INFO] schema:lock src/main/resources/db/changelog/schema.lock: 3 changesets recorded, 1 new'
build.expect '[INFO] BUILD SUCCESS'
def lock = new File(basedir, 'src/main/resources/db/changelog/schema.lock').getText('UTF-8')
assert lock.startsWith('schemacode-lock 1 for h2\n') : 'the header names the dialect (the fixture had the older bare header)'
assert lock.contains('\ndb/changelog/changes/001-customers.xml::003-customers-phone::ben 9:')
assert !lock.contains('\r')
return true
