// two scratch databases: one empty, one holding a table that no self-test left
dev.schemacode.TestDatabase.recreate('postgresql', 'schemacode_it_scratch_empty')
def busy = dev.schemacode.TestDatabase.recreate('postgresql', 'schemacode_it_scratch_busy')
def c = busy.connect()
try {
    c.createStatement().execute('CREATE TABLE invoices (id INT)')
} finally {
    c.close()
}
return true
