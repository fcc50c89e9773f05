def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// line 9 of the included XML file is the <createTable> without tableName
expect "[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-xml-schema-error: src/main/resources/db/changelog/changes/002-orders.xml:9: XML error: Attribute 'tableName' must appear on element 'createTable'. -> [Help 1]"
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
// the reports name what failed, for CI (and nothing of an earlier run)
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/schema/validate.json'))
assert json.counts.problemErrors == 1 : json.counts
assert json.problems[0].file == 'src/main/resources/db/changelog/changes/002-orders.xml' && json.problems[0].line == 9 : json.problems
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/schema/validate.sarif'))
assert sarif.runs[0].results.collect { it.ruleId + ' ' + it.level } == ['check/' + json.problems[0].code + ' error']
