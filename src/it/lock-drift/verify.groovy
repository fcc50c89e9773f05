def build = evaluate(new File(buildLogScript)).call(basedir)
// the released changeset 001 was edited (varchar 100 -> 150) after schema.lock recorded it
assert build.lines.any { it.contains('on project lock-drift: src/main/resources/db/changelog/changes/001-customers.xml:6: changeset db/changelog/changes/001-customers.xml::001-create-customers::ana was edited after it was released (src/main/resources/db/changelog/schema.lock:2 has 9:') && it.contains('run mvn schema:lock -Dschema.lock.accept=db/changelog/changes/001-customers.xml::001-create-customers::ana') }
build.expect '[INFO] BUILD FAILURE'
return true
