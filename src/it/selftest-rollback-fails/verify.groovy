def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// validation cannot see the broken rollback SQL: the self-test's rollback does
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 3 changesets valid for h2 (<time>); no schema.lock yet: run mvn schema:lock and commit it, so an edited released changeset fails here instead of on a database'
// changeset 002-create-audit starts at line 15 of the file the user edits
expect '[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:selftest (default) on project selftest-rollback-fails: src/main/resources/db/changelog/changes/001-tables.xml:15: changeset db/changelog/changes/001-tables.xml::002-create-audit::ben failed to roll back on H2: Table "DOES_NOT_EXIST" not found; statement: DROP TABLE does_not_exist -> [Help 1]'
expect '[INFO] BUILD FAILURE'
assert !log.any { it.startsWith('[INFO] schema:selftest ') } : 'a failed self-test logs no summary line'
