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

// line 9 of the included XML file is the <createTable> without tableName
expect "[ERROR] Failed to execute goal dev.schemacode:schemacode-maven-plugin:<version>:validate (default) on project validate-xml-schema-error: src/main/resources/db/changelog/changes/002-orders.xml:9: XML error: Attribute 'tableName' must appear on element 'createTable'. -> [Help 1]"
expect '[INFO] BUILD FAILURE'
assert schemaLines().isEmpty() : 'no summary line expected, found ' + schemaLines()
