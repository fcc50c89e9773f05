// Needs the public changelogs in ../shared/realworld beside the clone (read only) and Linux x86-64
// engine binaries; under CI=true it must run.
def corpus = new File(basedir, '../../../../shared/realworld')
return (corpus.isDirectory() && System.getProperty('os.name') == 'Linux' && System.getProperty('os.arch') == 'amd64') ||
        System.getenv('CI') == 'true'
