// a database of its own, empty, named as the POM's <url> says
dev.schemacode.TestDatabase.recreate('mariadb', 'schemacode_it_deploy_mariadb')
return true
