// Shared by every verify.groovy (the pom passes this file's path as the script variable
// buildLogScript): build.log as a user reads it, with colour codes dropped, versions shown as
// <version> and run times such as "(1.7 s)" shown as "(<time>)".
// Returns a closure taking the IT's basedir and giving [lines, expect(line), schemaLines()].
return { File basedir ->
    def lines = new File(basedir, 'build.log').readLines('UTF-8').collect {
        it.replaceAll('\u001B\\[[;\\d]*m', '')
          .replaceAll('schemacode-maven-plugin:[^:\\s]+:', 'schemacode-maven-plugin:<version>:')
          .replaceAll('^\\[INFO\\] Schemacode \\S+ \\(Liquibase \\S+\\) ', '[INFO] Schemacode <version> (Liquibase <version>) ')
          .replaceAll('\\(\\d+\\.\\d+ s\\)', '(<time>)')
    }
    [
        lines: lines,
        expect: { String line -> assert lines.contains(line) : 'build.log has no line: ' + line },
        schemaLines: { lines.findAll { it.startsWith('[INFO] schema:') } },
    ]
}
