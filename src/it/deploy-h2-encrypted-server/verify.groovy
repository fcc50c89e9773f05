def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines

build.expect '[INFO] BUILD SUCCESS'
assert log.any { it.startsWith('[INFO] schema:deploy jdbc:h2:file:') && it.contains(': 2 changesets applied, 0 already applied') && it.contains('; tagged 1.0-SNAPSHOT') }
// -X log: neither the password nor any part of the log mentions it
def raw = new File(basedir, 'build.log').getText('UTF-8')
assert !raw.contains('Staging-Pa55-7731') : 'the password leaked into build.log'
assert raw.contains('[DEBUG]') : 'the build ran with -X'
// the deploy really used the decrypted password: the history is there
def props = new Properties()
props.setProperty('user', 'deployer')
props.setProperty('password', 'Staging-Pa55-7731')
def c = new org.h2.Driver().connect("jdbc:h2:file:${new File(basedir, 'staging-db').canonicalPath}/staging", props)
try {
    def r = c.createStatement().executeQuery("SELECT COUNT(*), MAX(TAG) FROM DATABASECHANGELOG")
    r.next()
    assert r.getInt(1) == 2
    assert r.getString(2) == '1.0-SNAPSHOT'
} finally {
    c.close()
}
