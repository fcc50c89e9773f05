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

expect '[INFO] Using the MultiThreadedBuilder implementation with a thread count of 2'
// module-a: YAML master, 2 changesets; module-b: XML master, 3 changesets
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets valid for h2 (<time>)'
expect '[INFO] schema:validate src/main/resources/db/changelog/db.changelog-master.xml: 3 changesets valid for h2 (<time>)'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets: 2 applied, 2 rolled back, 2 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 2 applied changesets'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 3 changesets: 3 applied, 3 rolled back, 3 re-applied, 0 skipped by context/label/dbms filters on H2 (<time>); rollback tested for all 3 applied changesets'
assert schemaLines().size() == 4 : 'expected 4 summary lines, found ' + schemaLines()
['module-a', 'module-b'].each { module ->
    assert log.any { it ==~ /\[INFO\] ${module} \.+ SUCCESS \[.*\]/ } : module + ' did not succeed'
}
expect '[INFO] BUILD SUCCESS'
// both goals are @threadSafe: Maven must not warn about them
assert !log.any { it.startsWith('[WARNING]') && it.contains('schemacode-maven-plugin') }
// the self-test databases are private: no execution may ever wait for another's changelog lock
assert !log.any { it.contains('Waiting for changelog lock') }
