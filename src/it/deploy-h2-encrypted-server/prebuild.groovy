// The staging database exists with user 'deployer' and the password only settings.xml knows.
def dir = new File(basedir, 'staging-db')
dir.deleteDir()
def props = new Properties()
props.setProperty('user', 'deployer')
props.setProperty('password', 'Staging-Pa55-7731')
new org.h2.Driver().connect("jdbc:h2:file:${dir.canonicalPath}/staging", props).close()
return true
