package africa.easymo.perf.sandbox.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table (or view) of the exposed schema with its columns in declaration order. */
public final class TableInfo {
    private final String schema;
    private final String name;
    private final Map<String, ColumnInfo> columns;
    private final List<String> primaryKey;
    private final String qualified;

    private final boolean plainTable;

    public TableInfo(String schema, String name, List<ColumnInfo> columns, List<String> primaryKey,
            boolean plainTable) {
        this.plainTable = plainTable;
        this.schema = schema;
        this.name = name;
        LinkedHashMap<String, ColumnInfo> map = new LinkedHashMap<>();
        for (ColumnInfo c : columns) {
            map.put(c.name(), c);
        }
        this.columns = Collections.unmodifiableMap(map);
        this.primaryKey = List.copyOf(primaryKey);
        this.qualified = SqlIdentifiers.quote(schema) + "." + SqlIdentifiers.quote(name);
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** {@code "schema"."table"}, ready for SQL text. */
    public String qualified() {
        return qualified;
    }

    public Map<String, ColumnInfo> columns() {
        return columns;
    }

    public ColumnInfo column(String name) {
        return columns.get(name);
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    /** A table that holds rows itself (not a view or foreign table): one a data reset may truncate. */
    public boolean isPlainTable() {
        return plainTable;
    }

    /** Primary-key columns (empty for views and key-less tables). */
    public List<String> primaryKey() {
        return primaryKey;
    }
}
