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

// validation checks every changeset, whatever its context or label
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.xml: 5 changesets valid for h2 (<time>)'
// contexts=prod (POM) and labels=!slow (command line) leave out 002 (context test) and 003 (label slow);
// both would fail on H2 if they ran, so BUILD SUCCESS also shows that they were not applied
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 5 changesets: 3 applied, 3 rolled back, 3 re-applied, 2 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 3 applied changesets'
expect '[INFO] BUILD SUCCESS'
