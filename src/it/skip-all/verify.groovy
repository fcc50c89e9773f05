def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect
def schemaLines = build.schemaLines

expect '[INFO] schema:validate skipped (schema.skip)'
expect '[INFO] schema:selftest skipped (schema.skip)'
assert schemaLines().size() == 2 : 'only the two skip lines expected, found ' + schemaLines()
assert !log.any { it.startsWith('[INFO] Schemacode ') } : 'a skipped goal logs no header'
// the changelog is broken: had either goal run, the build would have failed
expect '[INFO] BUILD SUCCESS'
