def build = evaluate(new File(buildLogScript)).call(basedir)
def log = build.lines
def expect = build.expect

def corpus = new File(basedir, '../../../../shared/realworld').canonicalPath
// both fail on H2 (see MANIFEST.md); on PostgreSQL they pass, with the same rollback coverage report
expect '[INFO] schema:selftest ' + corpus + '/spinnaker-orca/db/changelog-master.yml: 44 changesets: 40 applied, 5 rolled back, 5 re-applied,' +
        ' 0 skipped by context/label/dbms filters on PostgreSQL 17.11 (<time>); rollback tested for the newest 5 of 40 applied changesets;' +
        ' stopped at db/changelog/20220427-add-compression-type-column-to-compressed-executions-tables-postgres.yaml::add-compression-type-enum::dbyron (' +
        corpus + '/spinnaker-orca/db/changelog/20220427-add-compression-type-column-to-compressed-executions-tables-postgres.yaml:3):' +
        ' sql has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing'
expect '[INFO] schema:selftest ' + corpus + '/rdepot/db/changelog/db.changelog-master.yaml: 88 changesets: 88 applied, 0 rolled back, 0 re-applied,' +
        ' 0 skipped by context/label/dbms filters on PostgreSQL 17.11 (<time>); rollback not tested: the newest applied changeset cannot roll back;' +
        ' stopped at db/changelog/schema/22_binary_null_values.yaml::22_01_r_binary_null_values::dglebowska (' +
        corpus + '/rdepot/db/changelog/schema/22_binary_null_values.yaml:2): sql has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing'
expect '[INFO] BUILD SUCCESS'
