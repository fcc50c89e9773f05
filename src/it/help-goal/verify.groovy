def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines

assert log.any { it.startsWith('schema:selftest') } : 'help names the goal'
['changeLogFile', 'rollbackTest', 'h2Mode', 'contexts', 'labels', 'skipSelfTest'].each { parameter ->
    assert log.any { it.trim() == parameter || it.trim().startsWith(parameter + ' (Default: ') } : 'help -Ddetail lists ' + parameter
}
assert log.contains('    rollbackTest (Default: auto)')
assert log.any { it.contains('User property: schema.rollbackTest') }
build.expect '[INFO] BUILD SUCCESS'
