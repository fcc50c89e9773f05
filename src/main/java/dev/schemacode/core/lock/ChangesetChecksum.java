package dev.schemacode.core.lock;

import dev.schemacode.core.liquibase.LiquibaseVersion;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.AbstractChange;
import liquibase.change.Change;
import liquibase.change.CheckSum;
import liquibase.change.ColumnConfig;
import liquibase.change.DbmsTargetedChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.DatabaseList;
import liquibase.serializer.LiquibaseSerializable;
import liquibase.serializer.ReflectionSerializer;
import liquibase.sql.visitor.SqlVisitor;

/**
 * Liquibase's checksum of a changeset in its latest checksum version, the value
 * {@code ChangeSet#generateCheckSum(ChecksumVersion.latest())} returns, computed the same way with
 * one cost left out. Liquibase serializes each change with {@code StringChangeLogSerializer} and
 * takes the MD5 of the text; for every column of a change it asks {@code ColumnConfig} for the
 * serialized {@code valueDate} and {@code defaultValueDate}, and that method builds an
 * {@code ISODateFormat} (six {@code SimpleDateFormat}s) before looking at the value, which is
 * almost always null. That was half the cost of checking a released changeset against
 * {@code schema.lock} (BENCHMARKS.md). Here a column's date fields are read raw first and only
 * formatted when set; everything else is Liquibase's own code: each object's serializable fields and
 * values, a change's excluded fields, {@code dbms}-targeted changes, SQL visitors, and
 * {@code CheckSum#compute}.
 *
 * <p>The serialized text follows {@code liquibase.serializer.core.string.StringChangeLogSerializer}
 * of Liquibase 4.33 (fields sorted, four spaces of indent per level, {@code name="value"}). It is
 * used only where it reproduces Liquibase's text by construction: on Liquibase 4.33 (as its jar's
 * manifest names it, {@link LiquibaseVersion}), for changeset classes that keep
 * {@code ChangeSet#generateCheckSum} and change classes that keep
 * {@code AbstractChange#generateCheckSum}. Any other change is checksummed by Liquibase itself,
 * and any other changeset, or any changeset on another version, entirely.
 */
public final class ChangesetChecksum {

    private static final int INDENT = 4;
    /** The Liquibase versions whose checksum code this class was compared with, line by line. */
    private static final boolean CHECKED_VERSION = LiquibaseVersion.exact() != null && LiquibaseVersion.exact().startsWith("4.33.");

    /** Per class: whether its {@code generateCheckSum(ChecksumVersion)} is {@code ChangeSet}'s. */
    private static final ClassValue<Boolean> PLAIN_CHANGESET = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return declaredBy(type, "generateCheckSum", ChangeSet.class, ChecksumVersion.class);
        }
    };

    /** Per class: whether its {@code generateCheckSum()} is {@code AbstractChange}'s. */
    private static final ClassValue<Boolean> PLAIN_CHECKSUM = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return declaredBy(type, "generateCheckSum", AbstractChange.class);
        }
    };

    /** Per class: whether its {@code getSerializableFieldValue(String)} is {@code ColumnConfig}'s. */
    private static final ClassValue<Boolean> PLAIN_COLUMN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return ColumnConfig.class.isAssignableFrom(type)
                    && declaredBy(type, "getSerializableFieldValue", ColumnConfig.class, String.class);
        }
    };

    private ChangesetChecksum() {
    }

    /**
     * @return the changeset's checksum in Liquibase's latest checksum version as text
     *     ({@code 9:<32 hex digits>} in Liquibase 4.33), equal to
     *     {@code changeSet.generateCheckSum(ChecksumVersion.latest()).toString()} for the changeset
     *     as it is now (Liquibase keeps the first checksum it computed for a changeset object; this
     *     neither reads nor sets that)
     * @throws RuntimeException what Liquibase's serialization of a change throws (a value it cannot
     *     read)
     */
    public static String latest(ChangeSet changeSet) {
        ChecksumVersion latest = ChecksumVersion.latest();
        if (!CHECKED_VERSION || !PLAIN_CHANGESET.get(changeSet.getClass())) {
            return changeSet.generateCheckSum(latest).toString();
        }
        try {
            return Scope.child(Map.of(Scope.Attr.checksumVersion.name(), latest), () -> {
                StringBuilder text = new StringBuilder();
                for (Change change : changeSet.getChanges()) {
                    if (!(change instanceof DbmsTargetedChange targeted)
                            || DatabaseList.definitionMatches(targeted.getDbms(), Scope.getCurrentScope().getDatabase(), true)) {
                        text.append(checkSum(change, latest)).append(':');
                    }
                }
                for (SqlVisitor visitor : changeSet.getSqlVisitors()) {
                    text.append(visitor.generateCheckSum()).append(';');
                }
                return CheckSum.compute(text.toString()).toString();
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code change.generateCheckSum()}, serialized here when the change keeps AbstractChange's. */
    private static CheckSum checkSum(Change change, ChecksumVersion version) {
        if (!(change instanceof AbstractChange plain) || !PLAIN_CHECKSUM.get(change.getClass())) {
            return change.generateCheckSum();
        }
        String[] filters = plain.getExcludedFieldFilters(version);
        Set<String> excluded = filters == null ? Set.of() : new HashSet<>(Arrays.asList(filters));
        return CheckSum.compute(plain.getSerializedObjectName() + ":" + object(plain, 1, excluded));
    }

    private static String object(LiquibaseSerializable object, int indent, Set<String> excluded) {
        SortedSet<String> values = new TreeSet<>();
        boolean column = PLAIN_COLUMN.get(object.getClass());
        for (String field : object.getSerializableFields()) {
            Object value = column && isDateField(field)
                    ? (ReflectionSerializer.getInstance().getValue(object, field) == null ? null : object.getSerializableFieldValue(field))
                    : object.getSerializableFieldValue(field);
            if (value == null || excluded.contains(field)) {
                continue;
            }
            if (value instanceof LiquibaseSerializable nested) {
                values.add(indent(indent) + object(nested, indent + 1, excluded));
            } else if (value instanceof Map<?, ?> map) {
                values.add(indent(indent) + field + "=" + map(map, indent + 1));
            } else if (value instanceof Collection<?> collection) {
                values.add(indent(indent) + field + "=" + collection(collection, indent + 1, excluded));
            } else if (value instanceof Object[] array) {
                values.add(indent(indent) + field + "=" + collection(Arrays.asList(array), indent + 1, excluded));
            } else {
                String text = value.toString();
                if ((value instanceof Double || value instanceof Float) && text.contains(".")) {
                    text = text.replaceFirst("(\\.[0-9]+)0+$", "$1").replaceFirst("\\.0+$", "");
                }
                values.add(indent(indent) + field + "=\"" + text + "\"");
            }
        }
        StringBuilder out = new StringBuilder("[");
        if (!values.isEmpty()) {
            out.append('\n').append(String.join("\n", values)).append('\n');
        }
        out.append(indent(indent - 1)).append(']');
        return out.toString().replace("\r\n", "\n").replace("\r", "\n");
    }

    private static String collection(Collection<?> items, int indent, Set<String> excluded) {
        if (items.isEmpty()) {
            return "[]";
        }
        StringBuilder out = new StringBuilder("[\n");
        for (Object item : items) {
            out.append(indent(indent))
                    .append(item instanceof LiquibaseSerializable nested ? object(nested, indent + 1, excluded) : item.toString())
                    .append(",\n");
        }
        out = new StringBuilder(out.toString().replaceFirst(",$", ""));
        return out.append(indent(indent - 1)).append(']').toString();
    }

    private static String map(Map<?, ?> map, int indent) {
        if (map.isEmpty()) {
            return "[]";
        }
        StringBuilder out = new StringBuilder("{\n");
        for (Object key : new TreeSet<Object>(map.keySet())) {
            out.append(indent(indent)).append(key).append("=\"").append(map.get(key)).append("\",\n");
        }
        return out.toString().replaceFirst(",$", "") + indent(indent - 1) + "}";
    }

    private static boolean isDateField(String field) {
        return field.equals("valueDate") || field.equals("defaultValueDate");
    }

    private static String indent(int levels) {
        return " ".repeat(INDENT * levels);
    }

    private static boolean declaredBy(Class<?> type, String name, Class<?> owner, Class<?>... parameters) {
        try {
            Method method = type.getMethod(name, parameters);
            return method.getDeclaringClass() == owner;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
