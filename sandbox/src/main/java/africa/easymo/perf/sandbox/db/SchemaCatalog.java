package africa.easymo.perf.sandbox.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The exposed tables and their column types, read once from the system catalogs (like PostgREST's schema cache), so the
 * request path never introspects.
 */
public final class SchemaCatalog {
    public static final String EXPOSED_SCHEMA = "public";

    private static final String COLUMNS_SQL = """
            select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), c.relkind in ('r', 'p')
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
             where n.nspname = ? and c.relkind in ('r', 'p', 'v', 'm', 'f')
             order by c.relname, a.attnum
            """;

    private static final String PK_SQL = """
            select c.relname, a.attname
              from pg_constraint k
              join pg_class c on c.oid = k.conrelid
              join pg_namespace n on n.oid = c.relnamespace
              join lateral unnest(k.conkey) with ordinality as u(attnum, ord) on true
              join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
             where n.nspname = ? and k.contype = 'p'
             order by c.relname, u.ord
            """;

    private final Map<String, TableInfo> tables;

    private SchemaCatalog(Map<String, TableInfo> tables) {
        this.tables = Collections.unmodifiableMap(tables);
    }

    public static SchemaCatalog load(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
            Map<String, Boolean> plainTables = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(COLUMNS_SQL)) {
                ps.setString(1, EXPOSED_SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plainTables.put(rs.getString(1), rs.getBoolean(6));
                        columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
                                new ColumnInfo(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                    }
                }
            }
            Map<String, List<String>> keys = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(PK_SQL)) {
                ps.setString(1, EXPOSED_SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            Map<String, TableInfo> tables = new LinkedHashMap<>();
            columns.forEach((table, cols) -> tables.put(table, new TableInfo(EXPOSED_SCHEMA, table, cols,
                    keys.getOrDefault(table, List.of()), plainTables.get(table))));
            return new SchemaCatalog(tables);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the sandbox schema: " + e.getMessage(), e);
        }
    }

    /** The table, or {@code null} when the exposed schema has none of that name. */
    public TableInfo table(String name) {
        return tables.get(name);
    }

    public Map<String, TableInfo> tables() {
        return tables;
    }
}
