// a database of its own, empty, named as the POM's <url> says
dev.schemacode.TestDatabase.recreate('postgresql', 'schemacode_it_deploy_postgresql')
return true
