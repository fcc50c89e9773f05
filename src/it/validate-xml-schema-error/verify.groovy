def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// line 9 of the included XML file is the <createTable> without tableName
expect "[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-xml-schema-error: src/main/resources/db/changelog/changes/002-orders.xml:9: XML error: Attribute 'tableName' must appear on element 'createTable'. -> [Help 1]"
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
