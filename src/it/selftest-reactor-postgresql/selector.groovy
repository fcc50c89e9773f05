// Embedded engine binaries are published for Linux x86-64 (tested here), macOS and Windows; this IT checks Linux paths.
return (System.getProperty('os.name') == 'Linux' && System.getProperty('os.arch') == 'amd64') || System.getenv('CI') == 'true'
