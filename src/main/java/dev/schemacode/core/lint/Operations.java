package dev.schemacode.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import liquibase.change.AbstractSQLChange;
import liquibase.change.AddColumnConfig;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddDefaultValueChange;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.AddPrimaryKeyChange;
import liquibase.change.core.AddUniqueConstraintChange;
import liquibase.change.core.CreateIndexChange;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.CreateViewChange;
import liquibase.change.core.DeleteDataChange;
import liquibase.change.core.DropAllForeignKeyConstraintsChange;
import liquibase.change.core.DropColumnChange;
import liquibase.change.core.DropForeignKeyConstraintChange;
import liquibase.change.core.DropIndexChange;
import liquibase.change.core.DropNotNullConstraintChange;
import liquibase.change.core.DropPrimaryKeyChange;
import liquibase.change.core.DropSequenceChange;
import liquibase.change.core.DropTableChange;
import liquibase.change.core.DropUniqueConstraintChange;
import liquibase.change.core.DropViewChange;
import liquibase.change.core.InsertDataChange;
import liquibase.change.core.LoadDataChange;
import liquibase.change.core.MergeColumnChange;
import liquibase.change.core.ModifyDataTypeChange;
import liquibase.change.core.RenameColumnChange;
import liquibase.change.core.RenameTableChange;
import liquibase.change.core.UpdateDataChange;
import liquibase.changelog.ChangeSet;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Turns a changeset into {@link Op}s: Liquibase change types directly, raw SQL ({@code sql},
 * {@code sqlFile}, formatted SQL) split into statements with Liquibase's own splitter and parsed
 * with JSqlParser (https://github.com/JSQLParser/JSqlParser). A statement the parser cannot read
 * (PL/pgSQL bodies, vendor extensions) is returned as {@link NotAnalysed}, never as an error.
 */
final class Operations {

    /**
     * A statement the parser could not read.
     *
     * @param statement the statement, cut to 200 characters
     * @param reason the parser's message, first line
     */
    record NotAnalysed(String statement, String reason) { }

    /** The ops of one changeset and what could not be analysed. */
    record Result(List<Op> ops, List<NotAnalysed> notAnalysed) { }

    private Operations() {
    }

    static Result of(ChangeSet changeSet) {
        List<Op> ops = new ArrayList<>();
        List<NotAnalysed> notAnalysed = new ArrayList<>();
        for (Change change : changeSet.getChanges()) {
            String type = change.getSerializedObjectName();
            if (change instanceof AbstractSQLChange sqlChange) {
                String sql;
                try {
                    sql = sqlChange.getSql();
                } catch (RuntimeException e) {
                    notAnalysed.add(new NotAnalysed(type, "cannot read the SQL: " + e.getMessage()));
                    continue;
                }
                if (sql != null) {
                    raw(sql, !Boolean.FALSE.equals(sqlChange.isSplitStatements()), sqlChange.getEndDelimiter(), type, ops, notAnalysed);
                }
            } else {
                fromChange(change, type, ops);
            }
        }
        return new Result(ops, notAnalysed);
    }

    private static void fromChange(Change change, String type, List<Op> ops) {
        if (change instanceof CreateTableChange c) {
            Op op = new Op(Op.Kind.CREATE_TABLE, type).table(c.getTableName());
            op.schemaQualified = c.getSchemaName() != null && !c.getSchemaName().isBlank();
            op.columns = c.getColumns().stream().map(Operations::column).toList();
            ops.add(op);
        } else if (change instanceof DropTableChange c) {
            Op op = new Op(Op.Kind.DROP_TABLE, type).table(c.getTableName());
            op.cascade = Boolean.TRUE.equals(c.isCascadeConstraints());
            ops.add(op);
        } else if (change instanceof RenameTableChange c) {
            ops.add(new Op(Op.Kind.RENAME_TABLE, type).table(c.getOldTableName()).name(c.getNewTableName()));
        } else if (change instanceof AddColumnChange c) {
            for (AddColumnConfig column : c.getColumns()) {
                Op op = new Op(Op.Kind.ADD_COLUMN, type).table(c.getTableName()).column(column.getName());
                op.columns = List.of(column(column));
                ops.add(op);
            }
        } else if (change instanceof DropColumnChange c) {
            if (c.getColumnName() != null) {
                ops.add(new Op(Op.Kind.DROP_COLUMN, type).table(c.getTableName()).column(c.getColumnName()));
            }
            for (ColumnConfig column : c.getColumns()) {
                ops.add(new Op(Op.Kind.DROP_COLUMN, type).table(c.getTableName()).column(column.getName()));
            }
        } else if (change instanceof MergeColumnChange c) {
            ops.add(new Op(Op.Kind.DROP_COLUMN, type).table(c.getTableName()).column(c.getColumn1Name()));
            ops.add(new Op(Op.Kind.DROP_COLUMN, type).table(c.getTableName()).column(c.getColumn2Name()));
        } else if (change instanceof RenameColumnChange c) {
            Op op = new Op(Op.Kind.RENAME_COLUMN, type).table(c.getTableName()).column(c.getOldColumnName()).name(c.getNewColumnName());
            op.columnTypeGiven = c.getColumnDataType() != null;
            ops.add(op);
        } else if (change instanceof ModifyDataTypeChange c) {
            Op op = new Op(Op.Kind.CHANGE_TYPE, type).table(c.getTableName()).column(c.getColumnName());
            op.newType = c.getNewDataType();
            ops.add(op);
        } else if (change instanceof AddNotNullConstraintChange c) {
            Op op = new Op(Op.Kind.ADD_NOT_NULL, type).table(c.getTableName()).column(c.getColumnName());
            op.hasDefault = c.getDefaultNullValue() != null;
            op.columnTypeGiven = c.getColumnDataType() != null;
            op.notValid = Boolean.FALSE.equals(c.getValidate());
            ops.add(op);
        } else if (change instanceof DropNotNullConstraintChange c) {
            Op op = new Op(Op.Kind.DROP_NOT_NULL, type).table(c.getTableName()).column(c.getColumnName());
            op.columnTypeGiven = c.getColumnDataType() != null;
            ops.add(op);
        } else if (change instanceof AddDefaultValueChange c) {
            Op op = new Op(Op.Kind.ADD_DEFAULT, type).table(c.getTableName()).column(c.getColumnName());
            op.columns = List.of(new Op.Column(c.getColumnName(), c.getColumnDataType(), false, false,
                    c.getDefaultValueComputed() != null ? c.getDefaultValueComputed().getValue() : String.valueOf(c.getDefaultValue()),
                    c.getDefaultValueComputed() != null, false, false));
            ops.add(op);
        } else if (change instanceof AddForeignKeyConstraintChange c) {
            Op op = new Op(Op.Kind.ADD_FOREIGN_KEY, type).table(c.getBaseTableName()).name(c.getConstraintName());
            op.notValid = Boolean.FALSE.equals(c.getValidate());
            ops.add(op);
        } else if (change instanceof AddUniqueConstraintChange c) {
            Op op = new Op(Op.Kind.ADD_UNIQUE, type).table(c.getTableName()).name(c.getConstraintName());
            op.notValid = c.getForIndexName() != null;
            ops.add(op);
        } else if (change instanceof AddPrimaryKeyChange c) {
            ops.add(new Op(Op.Kind.ADD_PRIMARY_KEY, type).table(c.getTableName()).name(c.getConstraintName()));
        } else if (change instanceof DropForeignKeyConstraintChange c) {
            ops.add(new Op(Op.Kind.DROP_CONSTRAINT, type).table(c.getBaseTableName()).name(c.getConstraintName()));
        } else if (change instanceof DropUniqueConstraintChange c) {
            ops.add(new Op(Op.Kind.DROP_CONSTRAINT, type).table(c.getTableName()).name(c.getConstraintName()));
        } else if (change instanceof DropPrimaryKeyChange c) {
            ops.add(new Op(Op.Kind.DROP_CONSTRAINT, type).table(c.getTableName()).name(c.getConstraintName()));
        } else if (change instanceof DropAllForeignKeyConstraintsChange c) {
            ops.add(new Op(Op.Kind.DROP_CONSTRAINT, type).table(c.getBaseTableName()).name("all foreign keys"));
        } else if (change instanceof CreateIndexChange c) {
            Op op = new Op(Op.Kind.CREATE_INDEX, type).table(c.getTableName()).name(c.getIndexName());
            op.unique = Boolean.TRUE.equals(c.isUnique());
            op.indexColumns = c.getColumns().size();
            ops.add(op);
        } else if (change instanceof DropIndexChange c) {
            ops.add(new Op(Op.Kind.DROP_INDEX, type).table(c.getTableName()).name(c.getIndexName()));
        } else if (change instanceof CreateViewChange c) {
            ops.add(new Op(Op.Kind.CREATE_VIEW, type).name(c.getViewName()));
        } else if (change instanceof DropViewChange c) {
            ops.add(new Op(Op.Kind.DROP_VIEW, type).name(c.getViewName()));
        } else if (change instanceof DropSequenceChange c) {
            ops.add(new Op(Op.Kind.DROP_SEQUENCE, type).name(c.getSequenceName()));
        } else if (change instanceof DeleteDataChange c) {
            Op op = new Op(Op.Kind.DELETE, type).table(c.getTableName());
            op.hasWhere = c.getWhere() != null && !c.getWhere().isBlank();
            ops.add(op);
        } else if (change instanceof UpdateDataChange c) {
            Op op = new Op(Op.Kind.UPDATE, type).table(c.getTableName());
            op.hasWhere = c.getWhere() != null && !c.getWhere().isBlank();
            ops.add(op);
        } else if (change instanceof InsertDataChange c) {
            ops.add(new Op(Op.Kind.INSERT, type).table(c.getTableName()));
        } else if (change instanceof LoadDataChange c) {
            ops.add(new Op(Op.Kind.INSERT, type).table(c.getTableName()));
        } else {
            ops.add(new Op(Op.Kind.OTHER, type));
        }
    }

    private static Op.Column column(ColumnConfig c) {
        ConstraintsConfig k = c.getConstraints();
        boolean notNull = k != null && Boolean.FALSE.equals(k.isNullable());
        boolean pk = k != null && Boolean.TRUE.equals(k.isPrimaryKey());
        String def = c.getDefaultValueComputed() != null ? c.getDefaultValueComputed().getValue()
                : c.getDefaultValueObject() != null ? String.valueOf(c.getDefaultValueObject()) : null;
        return new Op.Column(c.getName(), c.getType(), notNull || pk, pk, def, c.getDefaultValueComputed() != null,
                Boolean.TRUE.equals(c.isAutoIncrement()), false);
    }

    /** Splits with Liquibase's splitter (its comment and delimiter rules), then parses each statement. */
    private static void raw(String sql, boolean split, String endDelimiter, String type, List<Op> ops, List<NotAnalysed> notAnalysed) {
        String[] statements;
        try {
            statements = liquibase.util.StringUtil.processMultiLineSQL(sql, true, split, endDelimiter);
        } catch (RuntimeException e) {
            statements = new String[] {sql};
        }
        for (String statement : statements) {
            String text = statement.trim();
            if (text.isEmpty()) {
                continue;
            }
            try {
                CCJSqlParser parser = CCJSqlParserUtil.newParser(text);
                Statements parsed = parser.Statements();
                for (Statement s : parsed) {
                    fromStatement(s, type, text, ops);
                }
            } catch (Exception | Error e) {
                String first = firstWord(text);
                if (first.equals("BEGIN") || first.equals("START")) {
                    ops.add(withSql(new Op(Op.Kind.BEGIN, type), text));
                    continue;
                }
                Op recognised = fromTokens(text, type);
                if (recognised != null) {
                    ops.add(withSql(recognised, text));
                    continue;
                }
                notAnalysed.add(new NotAnalysed(text.length() > 200 ? text.substring(0, 200) + "…" : text,
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName())));
            }
        }
    }

    /**
     * Recognises, from JSqlParser's tokens (comments skipped, quoted text kept apart), two
     * PostgreSQL statements its grammar does not accept: {@code REINDEX} and
     * {@code ALTER TABLE … ADD [CONSTRAINT name] EXCLUDE …}.
     *
     * @return the operation, or null for any other statement
     */
    static Op fromTokens(String text, String type) {
        List<String> words = new ArrayList<>();
        try {
            CCJSqlParser lexer = CCJSqlParserUtil.newParser(text);
            for (net.sf.jsqlparser.parser.Token t = lexer.getNextToken(); t.kind != 0 && words.size() < 64; t = lexer.getNextToken()) {
                boolean quoted = t.image.startsWith("'") || t.image.startsWith("\"") || t.image.startsWith("`") || t.image.startsWith("$");
                words.add(quoted ? "" : t.image.toUpperCase(Locale.ROOT));
            }
        } catch (RuntimeException | Error e) {
            return null;
        }
        if (words.isEmpty()) {
            return null;
        }
        if (words.get(0).equals("REINDEX")) {
            Op op = new Op(Op.Kind.REINDEX, type);
            op.concurrently = words.contains("CONCURRENTLY");
            int kind = -1;
            for (int i = 1; i < words.size() && kind < 0; i++) {
                if (List.of("INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM").contains(words.get(i))) {
                    kind = i;
                }
            }
            String object = kind < 0 ? null : qualifiedName(text, kind + 1);
            return words.get(Math.max(kind, 0)).equals("TABLE") ? op.table(object) : op.name(object);
        }
        if (words.size() > 4 && words.get(0).equals("ALTER") && words.get(1).equals("TABLE")) {
            int i = 2;
            while (i < words.size() && List.of("IF", "EXISTS", "ONLY").contains(words.get(i))) {
                i++;
            }
            String table = qualifiedName(text, i);
            int add = words.indexOf("ADD");
            if (table == null || add < 0) {
                return null;
            }
            String constraint = add + 2 < words.size() && words.get(add + 1).equals("CONSTRAINT") ? qualifiedName(text, add + 2) : null;
            int exclude = constraint == null ? add + 1 : add + 3;
            if (exclude < words.size() && words.get(exclude).equals("EXCLUDE")) {
                return new Op(Op.Kind.ADD_EXCLUSION, type).table(table).name(constraint);
            }
        }
        return null;
    }

    /** The possibly dotted name that starts at token {@code from} of {@code text}, as written, or null. */
    private static String qualifiedName(String text, int from) {
        CCJSqlParser lexer = CCJSqlParserUtil.newParser(text);
        net.sf.jsqlparser.parser.Token t = lexer.getNextToken();
        for (int i = 0; i < from && t.kind != 0; i++) {
            t = lexer.getNextToken();
        }
        if (t.kind == 0 || List.of("(", ".", ";", "*").contains(t.image)) {
            return null;
        }
        if (t.image.equalsIgnoreCase("CONCURRENTLY")) {
            t = lexer.getNextToken();
            if (t.kind == 0) {
                return null;
            }
        }
        StringBuilder name = new StringBuilder(t.image);
        for (t = lexer.getNextToken(); t.kind != 0 && t.image.equals("."); t = lexer.getNextToken()) {
            t = lexer.getNextToken();
            if (t.kind == 0) {
                break;
            }
            name.append('.').append(t.image);
        }
        return name.toString();
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private static Op withSql(Op op, String sql) {
        op.sql = sql;
        return op;
    }

    private static String name(Table t) {
        return t == null ? null : t.getName();
    }

    private static void fromStatement(Statement s, String type, String text, List<Op> ops) {
        if (s instanceof CreateTable c) {
            Op op = new Op(Op.Kind.CREATE_TABLE, type).table(name(c.getTable()));
            op.schemaQualified = c.getTable() != null && c.getTable().getSchemaName() != null;
            boolean tablePk = c.getIndexes() != null && c.getIndexes().stream()
                    .anyMatch(i -> i.getType() != null && i.getType().toUpperCase(Locale.ROOT).contains("PRIMARY"));
            List<Op.Column> columns = new ArrayList<>();
            if (c.getColumnDefinitions() != null) {
                for (ColumnDefinition d : c.getColumnDefinitions()) {
                    columns.add(column(d.getColumnName(), d.getColDataType() == null ? null : d.getColDataType().toString(),
                            d.getColumnSpecs(), false));
                }
            }
            if (tablePk && columns.stream().noneMatch(Op.Column::primaryKey) && !columns.isEmpty()) {
                Op.Column first = columns.get(0);
                columns.set(0, new Op.Column(first.name(), first.type(), true, true, first.defaultValue(),
                        first.defaultComputed(), first.autoIncrement(), first.generatedStored()));
            }
            op.columns = columns;
            ops.add(withSql(op, text));
        } else if (s instanceof Drop d) {
            String what = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
            Op.Kind kind = switch (what) {
                case "TABLE" -> Op.Kind.DROP_TABLE;
                case "VIEW", "MATERIALIZED VIEW" -> Op.Kind.DROP_VIEW;
                case "INDEX" -> Op.Kind.DROP_INDEX;
                case "SEQUENCE" -> Op.Kind.DROP_SEQUENCE;
                case "DATABASE", "SCHEMA" -> Op.Kind.DROP_DATABASE;
                default -> Op.Kind.OTHER_DDL;
            };
            Op op = new Op(kind, type).name(name(d.getName()));
            if (kind == Op.Kind.DROP_TABLE) {
                op.table(name(d.getName()));
            }
            String rendered = d.toString().toUpperCase(Locale.ROOT);
            op.concurrently = rendered.contains(" CONCURRENTLY ");
            op.cascade = rendered.endsWith(" CASCADE");
            ops.add(withSql(op, text));
        } else if (s instanceof Truncate t) {
            Op op = new Op(Op.Kind.TRUNCATE, type).table(name(t.getTable()));
            op.cascade = t.getCascade();
            ops.add(withSql(op, text));
        } else if (s instanceof Delete d) {
            Op op = new Op(Op.Kind.DELETE, type).table(name(d.getTable()));
            op.hasWhere = d.getWhere() != null;
            ops.add(withSql(op, text));
        } else if (s instanceof Update u) {
            Op op = new Op(Op.Kind.UPDATE, type).table(name(u.getTable()));
            op.hasWhere = u.getWhere() != null;
            ops.add(withSql(op, text));
        } else if (s instanceof Insert i) {
            ops.add(withSql(new Op(Op.Kind.INSERT, type).table(name(i.getTable())), text));
        } else if (s instanceof CreateIndex c) {
            Op op = new Op(Op.Kind.CREATE_INDEX, type).table(name(c.getTable()));
            Index index = c.getIndex();
            if (index != null) {
                op.name(index.getName());
                op.unique = index.getType() != null && index.getType().toUpperCase(Locale.ROOT).contains("UNIQUE");
                op.indexColumns = index.getColumnsNames() == null ? 0 : index.getColumnsNames().size();
            }
            op.concurrently = c.isConcurrently();
            ops.add(withSql(op, text));
        } else if (s instanceof CreateView v) {
            ops.add(withSql(new Op(Op.Kind.CREATE_VIEW, type).name(name(v.getView())), text));
        } else if (s instanceof Alter a) {
            for (AlterExpression e : a.getAlterExpressions()) {
                ops.add(withSql(fromAlter(e, name(a.getTable()), type), text));
            }
        } else if (s instanceof SetStatement set) {
            String setting = String.valueOf(set.getName()).toLowerCase(Locale.ROOT);
            ops.add(withSql(new Op(setting.contains("timeout") ? Op.Kind.SET_TIMEOUT : Op.Kind.OTHER, type).name(setting), text));
        } else if (s instanceof Commit) {
            ops.add(withSql(new Op(Op.Kind.COMMIT, type), text));
        } else {
            String kind = s.getClass().getSimpleName();
            boolean ddl = kind.startsWith("Create") || kind.startsWith("Alter") || kind.startsWith("Drop") || kind.startsWith("Rename");
            Op op = new Op(ddl ? Op.Kind.OTHER_DDL : Op.Kind.OTHER, type).name(kind);
            String rendered = s.toString().toUpperCase(Locale.ROOT);
            if (kind.equals("AlterType") && rendered.contains(" ADD VALUE ")) {
                op = new Op(Op.Kind.ALTER_ENUM, type).name(kind);
                op.ordered = rendered.contains(" BEFORE ") || rendered.contains(" AFTER ");
            } else if ((kind.equals("CreateDomain") && rendered.contains(" CHECK"))
                    || (kind.equals("AlterDomain") && rendered.contains(" ADD CONSTRAINT"))) {
                op = new Op(Op.Kind.CREATE_DOMAIN_CONSTRAINT, type).name(kind.equals("CreateDomain") ? "CREATE DOMAIN" : "ALTER DOMAIN");
                op.notValid = rendered.contains("NOT VALID");
            }
            ops.add(withSql(op, text));
        }
    }

    private static Op fromAlter(AlterExpression e, String table, String type) {
        AlterOperation operation = e.getOperation();
        String rendered = e.toString().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (operation == AlterOperation.ADD && e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
            AlterExpression.ColumnDataType d = e.getColDataTypeList().get(0);
            Op op = new Op(Op.Kind.ADD_COLUMN, type).table(table).column(d.getColumnName());
            op.columns = e.getColDataTypeList().stream().map(c -> column(c.getColumnName(),
                    c.getColDataType() == null ? null : c.getColDataType().toString(), c.getColumnSpecs(), false)).toList();
            return op;
        }
        if (operation == AlterOperation.ADD && (e.getIndex() != null || e.getFkColumns() != null)) {
            Op.Kind kind = e.getFkColumns() != null || rendered.contains("FOREIGN KEY") ? Op.Kind.ADD_FOREIGN_KEY
                    : rendered.contains("PRIMARY KEY") ? Op.Kind.ADD_PRIMARY_KEY
                    : rendered.contains(" CHECK ") || rendered.contains(" CHECK(") ? Op.Kind.ADD_CHECK
                    : rendered.contains("UNIQUE") ? Op.Kind.ADD_UNIQUE
                    : rendered.contains("EXCLUDE") ? Op.Kind.ADD_EXCLUSION
                    : Op.Kind.OTHER_DDL;
            Op op = new Op(kind, type).table(table).name(e.getIndex() != null ? e.getIndex().getName() : e.getConstraintName());
            op.notValid = rendered.contains("NOT VALID");
            return op;
        }
        if (operation == AlterOperation.DROP && e.getColumnName() != null) {
            return new Op(Op.Kind.DROP_COLUMN, type).table(table).column(e.getColumnName());
        }
        if (operation == AlterOperation.DROP || operation == AlterOperation.DROP_PRIMARY_KEY
                || operation == AlterOperation.DROP_UNIQUE || operation == AlterOperation.DROP_FOREIGN_KEY) {
            return new Op(Op.Kind.DROP_CONSTRAINT, type).table(table).name(e.getConstraintName());
        }
        if (operation == AlterOperation.RENAME) {
            return new Op(Op.Kind.RENAME_COLUMN, type).table(table).column(e.getColumnOldName()).name(e.getColumnName());
        }
        if (operation == AlterOperation.RENAME_TABLE) {
            return new Op(Op.Kind.RENAME_TABLE, type).table(table).name(e.getNewTableName());
        }
        if (operation == AlterOperation.MODIFY || operation == AlterOperation.CHANGE) {
            Op op = new Op(Op.Kind.CHANGE_TYPE, type).table(table);
            if (e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
                op.column(e.getColDataTypeList().get(0).getColumnName());
                op.newType = String.valueOf(e.getColDataTypeList().get(0).getColDataType());
            }
            return op;
        }
        if (operation == AlterOperation.DETACH_PARTITION) {
            Op op = new Op(Op.Kind.DETACH_PARTITION, type).table(table);
            op.concurrently = rendered.contains("CONCURRENTLY");
            return op;
        }
        if (operation == AlterOperation.ALTER) {
            String column = e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()
                    ? e.getColDataTypeList().get(0).getColumnName() : alteredColumn(e.toString());
            Op.Kind kind = rendered.contains("SET NOT NULL") ? Op.Kind.ADD_NOT_NULL
                    : rendered.contains("DROP NOT NULL") ? Op.Kind.DROP_NOT_NULL
                    : rendered.contains(" TYPE ") ? Op.Kind.CHANGE_TYPE
                    : rendered.contains("SET DEFAULT") ? Op.Kind.ADD_DEFAULT
                    : Op.Kind.OTHER_DDL;
            return new Op(kind, type).table(table).column(column);
        }
        return new Op(Op.Kind.OTHER_DDL, type).table(table);
    }

    /** @return the column of JSqlParser's rendering {@code ALTER COLUMN name ...} */
    private static String alteredColumn(String rendered) {
        String[] words = rendered.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equalsIgnoreCase("COLUMN")) {
                return words[i + 1];
            }
        }
        return words.length > 1 ? words[1] : null;
    }

    private static Op.Column column(String name, String type, List<String> specs, boolean pk) {
        String joined = specs == null ? "" : String.join(" ", specs).toUpperCase(Locale.ROOT);
        String lowerType = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean primary = pk || joined.contains("PRIMARY KEY");
        String def = null;
        if (specs != null) {
            for (int i = 0; i + 1 < specs.size(); i++) {
                if (specs.get(i).equalsIgnoreCase("DEFAULT")) {
                    def = specs.get(i + 1);
                }
            }
        }
        boolean auto = lowerType.contains("serial") || joined.contains("AUTO_INCREMENT") || joined.contains("AS IDENTITY");
        boolean stored = joined.contains("GENERATED ALWAYS AS") && joined.contains("STORED");
        return new Op.Column(name, type, joined.contains("NOT NULL") || primary, primary, def,
                def != null && def.contains("("), auto, stored);
    }
}
