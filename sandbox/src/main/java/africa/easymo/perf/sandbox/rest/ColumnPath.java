package africa.easymo.perf.sandbox.rest;

import africa.easymo.perf.sandbox.db.ColumnInfo;
import africa.easymo.perf.sandbox.db.SqlIdentifiers;
import africa.easymo.perf.sandbox.db.TableInfo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column, optionally followed by JSON arrows ({@code metadata->>seed_version}, {@code payload->items->0}), as
 * PostgREST accepts in {@code select}, filters and {@code order}. Checked against the catalog, so its SQL is safe.
 */
record ColumnPath(ColumnInfo column, String sql, String valueType, String defaultName) {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*)((?:->>?[A-Za-z0-9_$-]+)*)");
    private static final Pattern ARROW = Pattern.compile("(->>?)([A-Za-z0-9_$-]+)");

    static ColumnPath parse(TableInfo table, String text, String alias) {
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            throw PostgrestError.parse("failed to parse column reference", "unexpected \"" + text + "\"");
        }
        ColumnInfo column = table.column(m.group(1));
        if (column == null) {
            throw PostgrestError.undefinedColumn(table.name(), m.group(1));
        }
        StringBuilder sql = new StringBuilder(alias).append('.').append(column.quoted());
        String valueType = column.sqlType();
        String name = column.name();
        Matcher a = ARROW.matcher(m.group(2));
        while (a.find()) {
            String key = a.group(2);
            sql.append(a.group(1));
            if (key.matches("-?[0-9]+")) {
                sql.append(key);
            } else {
                sql.append('\'').append(key.replace("'", "''")).append('\'');
            }
            valueType = a.group(1).equals("->>") ? "text" : "jsonb";
            name = key;
        }
        if (!m.group(2).isEmpty() && !column.isJson()) {
            throw PostgrestError.badRequest("42883", "operator does not exist: " + column.sqlType() + " -> unknown",
                    null);
        }
        return new ColumnPath(column, sql.toString(), valueType, name);
    }

    String quotedDefaultName() {
        return SqlIdentifiers.quote(defaultName);
    }
}
