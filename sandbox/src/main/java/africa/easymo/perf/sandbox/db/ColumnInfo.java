package africa.easymo.perf.sandbox.db;

/**
 * One column as PostgreSQL describes it.
 *
 * @param name
 *            column name
 * @param sqlType
 *            the type as {@code format_type} spells it (e.g. {@code numeric(12,2)}), usable in a cast
 * @param notNull
 *            whether the column refuses NULL
 * @param defaultExpr
 *            the default expression, or {@code null} when the column has none
 */
public record ColumnInfo(String name, String sqlType, boolean notNull, String defaultExpr) {

    /** The column name as a quoted SQL identifier. */
    public String quoted() {
        return SqlIdentifiers.quote(name);
    }

    public boolean isJson() {
        return sqlType.equals("jsonb") || sqlType.equals("json");
    }
}
