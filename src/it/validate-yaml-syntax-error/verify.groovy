def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// line 11 of the included 002-orders.yaml is mis-indented: the error names that file, not the master
expect "[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-yaml-syntax-error: src/main/resources/db/changelog/changes/002-orders.yaml:11: YAML syntax error: while parsing a block mapping, expected <block end>, but found '<block mapping start>' (column 18); check the indentation -> [Help 1]"
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
