// build.log as a user reads it: colour codes dropped, versions shown as <version> and run times
// such as "(1.7 s)" shown as "(<time>)".
def log = new File(basedir, 'build.log').readLines('UTF-8').collect {
    it.replaceAll('\u001B\\[[;\\d]*m', '')
      .replaceAll('schemacode-maven-plugin:[^:\\s]+:', 'schemacode-maven-plugin:<version>:')
      .replaceAll('^\\[INFO\\] Schemacode \\S+ \\(Liquibase \\S+\\) ', '[INFO] Schemacode <version> (Liquibase <version>) ')
      .replaceAll('\\(\\d+\\.\\d+ s\\)', '(<time>)')
}
def expect = { String line -> assert log.contains(line) : 'build.log has no line: ' + line }
def schemaLines = { log.findAll { it.startsWith('[INFO] schema:') } }

// Every problem gets its own path:line line, then the build fails with the count.
// The second changeset 001-create-customers::ana starts at line 17 of 001-customers.yaml.
expect '[ERROR] src/main/resources/db/changelog/changes/001-customers.yaml:17: changeset db/changelog/changes/001-customers.yaml::001-create-customers::ana is defined twice (first at src/main/resources/db/changelog/changes/001-customers.yaml:2); give one of them another id'
// the changeset without tableName starts at line 2 of 002-orders.yaml
expect '[ERROR] src/main/resources/db/changelog/changes/002-orders.yaml:2: changeset db/changelog/changes/002-orders.yaml::002-create-orders::ben: tableName is required for createTable on h2'
expect '[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-broken-changelog: schema:validate found 2 errors (listed above) -> [Help 1]'
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
