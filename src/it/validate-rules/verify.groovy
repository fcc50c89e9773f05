def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect

def finding = 'src/main/resources/db/drop-note.xml:5: [drop-column] changeset db/drop-note.xml::3::ben drops column orders.note:' +
        ' dropping a column loses its data, and running code that still reads or writes it fails — safer: first release code' +
        ' that no longer uses the column (e.g. remove it from the entity), then drop it in a later release'
// 2: the new changeset's finding fails the build; the released changeset's drop is not shown
expect '[ERROR] ' + finding
assert log.any { it.contains('schema:validate found 1 rule error in new changesets (listed above)') }
assert !log.any { it.contains('legacy_code') && !it.startsWith('[DEBUG]') } : 'a released changeset was judged'
// 3: allowed with its reason; the count says the released changesets' findings are not judged, and where they are
expect '[INFO] risk rules for postgresql: 0 errors, 4 warnings, 1 allowed, 2 findings in released changesets, not judged' +
        ' (listed in target/schema/validate.json)'
assert log.any { it.startsWith('[INFO] src/main/resources/db/drop-note-allowed.xml:5: [drop-column]') &&
        it.endsWith('(allowed: no release has read orders.note since 2.4)') }
// 4: lowered to a warning by <rules>
expect '[WARNING] ' + finding
// 5: a reused released id
assert log.any { it.contains('changeset db/released.xml::2::ana is defined twice: the one at src/main/resources/db/released.xml:13' +
        ' is released (recorded in schema.lock), so give the new one at src/main/resources/db/reused-id.xml:6 another id') }
assert log.any { it.startsWith('[ERROR] src/main/resources/db/reused-id.xml:6: [drop-table]') } : 'the new definition is judged as new'
assert log.count { it.startsWith('[INFO] BUILD SUCCESS') } == 4 : 'builds 1, 3, 4 and 6 pass'
// the reports hold the released changeset's finding too
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/schema/validate.json'))
assert json.findings.any { it.rule == 'drop-column' && it.changeset.endsWith('::2::ana') && it.released }
// in SARIF, released history is a note
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/schema/validate.sarif'))
def releasedDrop = sarif.runs[0].results.find { it.ruleId == 'drop-column' && it.baselineState == 'unchanged' }
assert releasedDrop != null && releasedDrop.level == 'note' : 'a released finding is a note: ' + releasedDrop
// 6: twelve tables without a primary key: ten warnings listed, two counted, all twelve in the report
assert log.count { it.startsWith('[WARNING] src/main/resources/db/many.xml:') && it.contains('[table-without-primary-key]') } == 10
expect '[WARNING] [table-without-primary-key] 2 more warnings like the 10 above: target/schema/validate.json (and validate.sarif) lists every finding, -X lists them here'
def many = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/schema/validate.json'))
assert many.findings.count { it.rule == 'table-without-primary-key' } == 12
