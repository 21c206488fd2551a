package africa.easymo.perf.sandbox.rest;

import africa.easymo.perf.sandbox.db.ColumnInfo;
import africa.easymo.perf.sandbox.db.SqlIdentifiers;
import africa.easymo.perf.sandbox.db.TableInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PostgREST query parameters of one request, checked against the table: {@code select}, column filters,
 * {@code order}, {@code limit}/{@code offset}, and the write options {@code on_conflict}, {@code columns}.
 */
final class RestQuery {
    static final String ALIAS = "_t";
    private static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "on_conflict", "columns",
            "apikey");
    private static final Pattern CAST = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ]*");

    private final TableInfo table;
    private final String selectSql;
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private Long limit;
    private Long offset;
    private List<String> onConflict;
    private List<String> columns;

    private RestQuery(TableInfo table, String select) {
        this.table = table;
        this.selectSql = selectSql(table, select);
    }

    static RestQuery parse(TableInfo table, QueryParams q) {
        RestQuery r = new RestQuery(table, q.get("select"));
        for (Map.Entry<String, String> e : q.pairs()) {
            String key = e.getKey();
            if (RESERVED.contains(key)) {
                continue;
            }
            if (key.equals("or") || key.equals("and") || key.startsWith("not.")) {
                throw PostgrestError.parse("logic operators (or/and) are not supported by the sandbox", key);
            }
            r.addFilter(key, e.getValue());
        }
        String order = q.get("order");
        if (order != null && !order.isBlank()) {
            r.parseOrder(order);
        }
        r.limit = nonNegative(q.get("limit"), "limit");
        r.offset = nonNegative(q.get("offset"), "offset");
        String onConflict = q.get("on_conflict");
        if (onConflict != null && !onConflict.isBlank()) {
            r.onConflict = existingColumns(table, onConflict, false);
        }
        String columns = q.get("columns");
        if (columns != null && !columns.isBlank()) {
            r.columns = existingColumns(table, columns, true);
        }
        return r;
    }

    TableInfo table() {
        return table;
    }

    /** The select list ({@code _t."a", _t."b" AS "x"}), never {@code *} so helper columns never leak. */
    String selectSql() {
        return selectSql;
    }

    boolean hasFilters() {
        return !conditions.isEmpty();
    }

    /** {@code " WHERE …"} or empty; its parameters are {@link #params()}, in order. */
    String whereSql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> params() {
        return params;
    }

    String orderSql() {
        return order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order);
    }

    Long limit() {
        return limit;
    }

    Long offset() {
        return offset;
    }

    /** {@code on_conflict} columns, or {@code null}. */
    List<String> onConflict() {
        return onConflict;
    }

    /** {@code columns} parameter, or {@code null}. */
    List<String> columns() {
        return columns;
    }

    private static String selectSql(TableInfo table, String select) {
        List<String> items = new ArrayList<>();
        if (select == null || select.isBlank()) {
            select = "*";
        }
        for (String raw : splitTopLevel(select)) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            if (item.contains("(")) {
                throw PostgrestError.parse("resource embedding is not supported by the sandbox",
                        "unexpected \"(\" in select \"" + item + "\"");
            }
            if (item.equals("*")) {
                for (ColumnInfo c : table.columns().values()) {
                    items.add(ALIAS + "." + c.quoted());
                }
                continue;
            }
            String alias = null;
            int colon = indexOfSingleColon(item);
            if (colon > 0) {
                alias = item.substring(0, colon).trim();
                item = item.substring(colon + 1).trim();
            }
            String cast = null;
            int dc = item.indexOf("::");
            if (dc > 0) {
                cast = item.substring(dc + 2).trim();
                item = item.substring(0, dc).trim();
                if (!CAST.matcher(cast).matches()) {
                    throw PostgrestError.parse("failed to parse select parameter", "invalid cast \"" + cast + "\"");
                }
            }
            ColumnPath path = ColumnPath.parse(table, item, ALIAS);
            String expr = cast == null ? path.sql() : "(" + path.sql() + ")::" + cast;
            String name = alias != null ? SqlIdentifiers.quote(alias) : path.quotedDefaultName();
            items.add(expr + " AS " + name);
        }
        if (items.isEmpty()) {
            throw PostgrestError.parse("failed to parse select parameter", "empty select");
        }
        return String.join(", ", items);
    }

    private void addFilter(String key, String value) {
        ColumnPath path = ColumnPath.parse(table, key, ALIAS);
        String v = value;
        boolean negate = false;
        if (v.startsWith("not.")) {
            negate = true;
            v = v.substring(4);
        }
        int dot = v.indexOf('.');
        if (dot < 0) {
            throw PostgrestError.parse("failed to parse filter (" + value + ")",
                    "unexpected end of input expecting operator");
        }
        String op = v.substring(0, dot);
        String operand = v.substring(dot + 1);
        String type = path.valueType();
        String condition;
        switch (op) {
        case "eq", "neq", "gt", "gte", "lt", "lte", "cs", "cd" -> {
            params.add(unquote(operand));
            condition = path.sql() + " " + sqlOperator(op) + " CAST(? AS " + type + ")";
        }
        case "like", "ilike" -> {
            params.add(unquote(operand).replace('*', '%'));
            condition = "(" + path.sql() + ")::text " + (op.equals("like") ? "LIKE" : "ILIKE") + " ?";
        }
        case "in" -> {
            List<String> values = parseList(operand, value);
            if (values.isEmpty()) {
                condition = "false";
            } else {
                params.add(values.toArray(new String[0]));
                condition = path.sql() + " = ANY(CAST(? AS " + type + "[]))";
            }
        }
        case "is" -> condition = path.sql() + switch (operand.toLowerCase(Locale.ROOT)) {
        case "null" -> " IS NULL";
        case "not_null" -> " IS NOT NULL";
        case "true" -> " IS TRUE";
        case "false" -> " IS FALSE";
        case "unknown" -> " IS UNKNOWN";
        default -> throw PostgrestError.parse("failed to parse filter (" + value + ")",
                "unexpected \"" + operand + "\" expecting null, not_null, true, false or unknown");
        };
        default -> throw PostgrestError.parse("failed to parse filter (" + value + ")",
                "unknown or unsupported operator \"" + op + "\"");
        }
        conditions.add(negate ? "NOT (" + condition + ")" : condition);
    }

    private static String sqlOperator(String op) {
        return switch (op) {
        case "eq" -> "=";
        case "neq" -> "<>";
        case "gt" -> ">";
        case "gte" -> ">=";
        case "lt" -> "<";
        case "lte" -> "<=";
        case "cs" -> "@>";
        case "cd" -> "<@";
        default -> throw new IllegalArgumentException(op);
        };
    }

    private void parseOrder(String text) {
        for (String raw : splitTopLevel(text)) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            String[] parts = term.split("\\.");
            ColumnPath path = ColumnPath.parse(table, parts[0], ALIAS);
            StringBuilder sql = new StringBuilder(path.sql());
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                case "asc" -> sql.append(" ASC");
                case "desc" -> sql.append(" DESC");
                case "nullsfirst" -> sql.append(" NULLS FIRST");
                case "nullslast" -> sql.append(" NULLS LAST");
                default -> throw PostgrestError.parse("failed to parse order (" + text + ")",
                        "unexpected \"" + parts[i] + "\" expecting asc, desc, nullsfirst or nullslast");
                }
            }
            order.add(sql.toString());
        }
    }

    private static Long nonNegative(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw PostgrestError.parse("failed to parse " + name + " parameter (" + text + ")",
                "expecting a non-negative integer");
    }

    private static List<String> existingColumns(TableInfo table, String text, boolean forColumnsParam) {
        List<String> out = new ArrayList<>();
        for (String raw : splitTopLevel(text)) {
            String name = unquote(raw.trim());
            if (name.isEmpty()) {
                continue;
            }
            if (!table.hasColumn(name)) {
                throw forColumnsParam ? PostgrestError.unknownColumn(table.name(), name)
                        : PostgrestError.undefinedColumn(table.name(), name);
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw PostgrestError.parse("empty column list", text);
        }
        return out;
    }

    /** {@code (a,"b,c",d)} → a, b,c, d. */
    static List<String> parseList(String operand, String whole) {
        String s = operand.trim();
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            throw PostgrestError.parse("failed to parse filter (" + whole + ")", "expecting a list in parentheses");
        }
        s = s.substring(1, s.length() - 1);
        List<String> out = new ArrayList<>();
        if (s.isBlank()) {
            return out;
        }
        for (String item : splitTopLevel(s)) {
            out.add(unquote(item.trim()));
        }
        return out;
    }

    /** Splits on commas outside double quotes and parentheses. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                cur.append(ch);
                if (ch == '\\' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
                cur.append(ch);
            } else if (ch == '(') {
                depth++;
                cur.append(ch);
            } else if (ch == ')') {
                depth--;
                cur.append(ch);
            } else if (ch == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** {@code "a,b"} → {@code a,b} (backslash escapes inside); anything else unchanged. */
    static String unquote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 1; i < s.length() - 1; i++) {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length() - 1) {
                    ch = s.charAt(++i);
                }
                b.append(ch);
            }
            return b.toString();
        }
        return s;
    }

    private static int indexOfSingleColon(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ':') {
                boolean dbl = (i + 1 < s.length() && s.charAt(i + 1) == ':') || (i > 0 && s.charAt(i - 1) == ':');
                if (!dbl) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }
}
