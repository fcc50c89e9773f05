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

// <changeLogFile>src/main/resources/db/master.xml</changeLogFile> becomes the classpath path db/master.xml
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:validate: checking db/master.xml for h2 without a database'
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:selftest: update, rollback (auto), update of db/master.xml on a private in-memory H2'
// 2 XML + 2 YAML + 2 formatted-SQL changesets, included from an XML master
expect '[INFO] schema:validate src/main/resources/db/master.xml: 6 changesets valid for h2 (<time>)'
expect '[INFO] schema:selftest src/main/resources/db/master.xml: 6 changesets: 6 applied, 6 rolled back, 6 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 6 applied changesets'
expect '[INFO] BUILD SUCCESS'
