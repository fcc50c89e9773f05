def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

expect '[INFO] Using the MultiThreadedBuilder implementation with a thread count of 2'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets: 2 applied, 2 rolled back, 2 re-applied, 0 skipped by context/label/dbms filters on PostgreSQL 17.11 (<time>); rollback tested for all 2 applied changesets'
expect '[INFO] schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 3 changesets: 3 applied, 3 rolled back, 3 re-applied, 0 skipped by context/label/dbms filters on PostgreSQL 17.11 (<time>); rollback tested for all 3 applied changesets'
assert schemaLines().size() == 2 : 'expected 2 summary lines, found ' + schemaLines()
// each module had its own server, with its data under its own target/
['module-a', 'module-b'].each { module ->
    assert log.any { it ==~ /\[INFO\] ${module} \.+ SUCCESS \[.*\]/ } : module + ' did not succeed'
    assert new File(basedir, module + '/target/schema-engine/postgresql-17/data/PG_VERSION').isFile()
}
expect '[INFO] BUILD SUCCESS'
assert !log.any { it.startsWith('[WARNING]') && it.contains('schemacode-maven-plugin') }
def path = basedir.canonicalPath
def left = ProcessHandle.allProcesses().filter { p -> p.info().arguments().map { a -> a.any { it.contains(path) } }.orElse(false) }.toList()
assert left.isEmpty() : 'server processes left running: ' + left.collect { it.info().commandLine().orElse('?') }
