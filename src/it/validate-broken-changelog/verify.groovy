def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// Every problem gets its own path:line line, then the build fails with the count.
// The second changeset 001-create-customers::ana starts at line 17 of 001-customers.yaml.
expect '[ERROR] src/main/resources/db/changelog/changes/001-customers.yaml:17: changeset db/changelog/changes/001-customers.yaml::001-create-customers::ana is defined twice (first at src/main/resources/db/changelog/changes/001-customers.yaml:2); give one of them another id'
// the changeset without tableName starts at line 2 of 002-orders.yaml
expect '[ERROR] src/main/resources/db/changelog/changes/002-orders.yaml:2: changeset db/changelog/changes/002-orders.yaml::002-create-orders::ben: tableName is required for createTable on h2'
expect '[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-broken-changelog: schema:validate found 2 errors (listed above) -> [Help 1]'
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
