// Spring Boot's SpringResourceAccessor resolves "classpath:" locations; plain Liquibase leaves that
// to the caller. This stands in for it and changes nothing else.
class BootResourceAccessor extends liquibase.resource.ClassLoaderResourceAccessor {
    BootResourceAccessor(ClassLoader loader) { super(loader) }
    private static String strip(String path) {
        path != null && path.startsWith('classpath:') ? path.substring('classpath:'.length()).replaceFirst('^/+', '') : path
    }
    @Override
    List<liquibase.resource.Resource> getAll(String path) throws IOException { super.getAll(strip(path)) }
    @Override
    List<liquibase.resource.Resource> search(String path, boolean recursive) throws IOException { super.search(strip(path), recursive) }
}

def build = evaluate(new File(buildLogScript)).call(basedir)
build.expect '[INFO] BUILD SUCCESS'
assert build.lines.any { it.startsWith('[INFO] schema:deploy jdbc:postgresql://127.0.0.1:5432/schemacode_it_boot: 3 changesets applied') }

def db = dev.schemacode.TestDatabase.existing('postgresql', 'schemacode_it_boot')
try {
    assert db.history() == '3 rows, tag null'
    // Start Liquibase as Spring Boot's LiquibaseAutoConfiguration does: the default change-log
    // location on the application's class path.
    def app = new URLClassLoader([new File(basedir, 'target/classes').toURI().toURL()] as URL[], (ClassLoader) null)
    def connection = db.connect()
    try {
        def database = liquibase.database.DatabaseFactory.instance.findCorrectDatabaseImplementation(
                new liquibase.database.jvm.JdbcConnection(connection))
        def liquibase = new liquibase.Liquibase('classpath:/db/changelog/db.changelog-master.yaml',
                new BootResourceAccessor(app), database)
        assert liquibase.listUnrunChangeSets(new liquibase.Contexts(), new liquibase.LabelExpression()).isEmpty() :
                'the application would run changesets the plugin already deployed'
        liquibase.update(new liquibase.Contexts(), new liquibase.LabelExpression())
    } finally {
        connection.close()
    }
    assert db.history() == '3 rows, tag null' : 'nothing ran twice'
} finally {
    db.close()
}
return true
