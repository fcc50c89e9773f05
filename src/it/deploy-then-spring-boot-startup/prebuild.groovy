dev.schemacode.TestDatabase.recreate('postgresql', 'schemacode_it_boot')
return true
