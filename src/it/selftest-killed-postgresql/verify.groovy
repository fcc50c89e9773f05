import java.util.concurrent.TimeUnit

// Runs `mvn` on this project as the invoker does: its local repository, and src/it/settings.xml with
// the developer's local repository as the only remote one.
def localRepo = new File(basedir, '../../local-repo').canonicalPath
def userRepo = new File(System.getProperty('maven.repo.local') ?: System.getProperty('user.home') + '/.m2/repository')
def settings = new File(basedir, 'nested-settings.xml')
settings.text = new File(basedir, '../../../src/it/settings.xml').getText('UTF-8').replace('@localRepositoryUrl@', userRepo.toURI().toString())
def mvn = { List<String> args ->
    def command = ['mvn', '-B', '-Dmaven.repo.local=' + localRepo, '-s', settings.path] + args
    new ProcessBuilder(command).directory(basedir).redirectErrorStream(true)
}
def serverProcesses = {
    def path = basedir.canonicalPath
    ProcessHandle.allProcesses().filter { p ->
        p.info().command().map { it.endsWith('/postgres') }.orElse(false) &&
                p.info().arguments().map { a -> a.any { it.contains(path) } }.orElse(false)
    }.toList()
}

// 1. a build whose self-test sleeps 60 s in PostgreSQL, killed with SIGKILL once the server runs
def first = mvn(['-X', 'process-resources', 'schema:selftest', '-Dschema.contexts=slow'])
        .redirectOutput(new File(basedir, 'killed-build.log')).start()
def deadline = System.currentTimeMillis() + 120_000
while (System.currentTimeMillis() < deadline && !new File(basedir, 'killed-build.log').text.contains('self-test database: jdbc:postgresql')) {
    assert first.alive : 'the build ended before its self-test ran: ' + new File(basedir, 'killed-build.log').text.readLines().takeRight(20)
    Thread.sleep(200)
}
Thread.sleep(1000) // well inside the 60 s changeset
assert !serverProcesses().isEmpty() : 'no embedded PostgreSQL was running'
first.toHandle().descendants().each { it.destroyForcibly() }
first.destroyForcibly()
first.waitFor(10, TimeUnit.SECONDS)

// no database process survives the killed build
def until = System.currentTimeMillis() + 15_000
while (!serverProcesses().isEmpty() && System.currentTimeMillis() < until) {
    Thread.sleep(200)
}
assert serverProcesses().isEmpty() : 'PostgreSQL outlived the killed build: ' + serverProcesses().collect { it.pid() }

// 2. the next build self-tests on the same data directory and passes, leaving nothing running
def second = mvn(['process-resources', 'schema:selftest', '-Dschema.contexts=normal'])
        .redirectOutput(new File(basedir, 'next-build.log')).start()
assert second.waitFor(180, TimeUnit.SECONDS)
def next = new File(basedir, 'next-build.log').text
assert second.exitValue() == 0 : next
assert next.contains('2 changesets: 1 applied, 1 rolled back, 1 re-applied, 1 skipped by context/label/dbms filters on PostgreSQL 17.11')
assert serverProcesses().isEmpty()
