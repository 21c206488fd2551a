package africa.easymo.perf.sandbox.rest;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.auth.ApiKeys;
import africa.easymo.perf.sandbox.db.ColumnInfo;
import africa.easymo.perf.sandbox.db.SchemaCatalog;
import africa.easymo.perf.sandbox.db.SqlIdentifiers;
import africa.easymo.perf.sandbox.db.TableInfo;
import africa.easymo.perf.sandbox.http.JsonResponses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * {@code /rest/v1/
 *
<table>
 * }: the PostgREST subset the seed tool and the samplers use, translated to SQL on the real tables. Every write is one
 * statement, so a rejected row rolls back its whole request, as in PostgREST.
 */
public final class RestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Hosted Supabase projects cap every read at this many rows ({@code max-rows}). */
    static final int MAX_ROWS = 1000;
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final String OBJECT_MEDIA_TYPE = "application/vnd.pgrst.object+json";
    private static final String INSERTED_FLAG = "\"__sandbox_inserted\"";
    private static final Pattern RANGE = Pattern.compile("(?:items=)?\\s*(\\d+)\\s*-\\s*(\\d*)\\s*");

    private final transient DataSource dataSource;
    private final transient ObjectMapper mapper;
    private final transient SchemaCatalog catalog;
    private final transient ApiKeys keys;

    public RestServlet(SandboxContext context, SchemaCatalog catalog, ApiKeys keys) {
        this.dataSource = context.dataSource();
        this.mapper = context.objectMapper();
        this.catalog = catalog;
        this.keys = keys;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiKeys.Role role = keys.gatewayRole(req);
        if (role == ApiKeys.Role.NONE) {
            JsonResponses.drain(req);
            write(resp, 401, ApiKeys.missingKeyBody(), true);
            return;
        }
        if (role == ApiKeys.Role.INVALID) {
            JsonResponses.drain(req);
            write(resp, 401, ApiKeys.invalidKeyBody(), true);
            return;
        }
        String method = req.getMethod();
        try {
            TableInfo table = table(req);
            QueryParams query = QueryParams.parse(req.getQueryString());
            switch (method) {
            case "GET" -> read(req, resp, table, query, false);
            case "HEAD" -> read(req, resp, table, query, true);
            case "POST" -> {
                requireWriter(role, table);
                insert(req, resp, table, query);
            }
            case "PATCH" -> {
                requireWriter(role, table);
                update(req, resp, table, query);
            }
            case "DELETE" -> {
                requireWriter(role, table);
                delete(req, resp, table, query);
            }
            default -> throw new PostgrestError(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
            }
        } catch (PostgrestError e) {
            JsonResponses.drain(req);
            write(resp, e.status(), e.toJson(mapper), !method.equals("HEAD"));
        } catch (SQLException e) {
            PostgrestError pe = SqlErrors.toPostgrest(e);
            JsonResponses.drain(req);
            write(resp, pe.status(), pe.toJson(mapper), !method.equals("HEAD"));
        }
    }

    private TableInfo table(HttpServletRequest req) {
        String profile = req.getHeader(
                req.getMethod().equals("GET") || req.getMethod().equals("HEAD") ? "Accept-Profile" : "Content-Profile");
        if (profile != null && !profile.isBlank() && !profile.trim().equals(SchemaCatalog.EXPOSED_SCHEMA)) {
            throw new PostgrestError(406, "PGRST106", "The schema must be one of the following: public", null, null);
        }
        String path = req.getPathInfo();
        String name = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        TableInfo table = catalog.table(name);
        if (table == null) {
            throw PostgrestError.unknownTable(name);
        }
        return table;
    }

    private static void requireWriter(ApiKeys.Role role, TableInfo table) {
        if (role != ApiKeys.Role.SERVICE_ROLE) {
            // The anon role may read but holds no write grants.
            throw new PostgrestError(401, "42501", "permission denied for table " + table.name(), null, null);
        }
    }

    // ---------------------------------------------------------------- reads

    private void read(HttpServletRequest req, HttpServletResponse resp, TableInfo table, QueryParams query,
            boolean head) throws IOException, SQLException {
        RestQuery rq = RestQuery.parse(table, query);
        Prefer prefer = Prefer.of(req);
        long offset = rq.offset() != null ? rq.offset() : 0;
        Long limit = rq.limit();
        String range = req.getHeader("Range");
        if (range != null && !range.isBlank()) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                long start = Long.parseLong(m.group(1));
                if (rq.offset() == null) {
                    offset = start;
                }
                if (!m.group(2).isEmpty()) {
                    long end = Long.parseLong(m.group(2));
                    if (end < start) {
                        throw new PostgrestError(416, "PGRST103", "Requested range not satisfiable", null, null);
                    }
                    long size = end - start + 1;
                    limit = limit == null ? size : Math.min(limit, size);
                }
            }
        }
        long pageLimit = limit == null ? MAX_ROWS : Math.min(limit, MAX_ROWS);
        String accept = req.getHeader("Accept");
        boolean singular = accept != null && accept.contains(OBJECT_MEDIA_TYPE);

        Long total = null;
        long rows;
        String body = null;
        try (Connection c = dataSource.getConnection()) {
            if (prefer.countExact()) {
                total = queryLong(c,
                        "SELECT count(*) FROM " + table.qualified() + " AS " + RestQuery.ALIAS + rq.whereSql(),
                        rq.params());
            }
            String page = "SELECT " + rq.selectSql() + " FROM " + table.qualified() + " AS " + RestQuery.ALIAS
                    + rq.whereSql() + rq.orderSql() + " LIMIT " + pageLimit + " OFFSET " + offset;
            if (head && !singular) {
                rows = total != null ? Math.max(0, Math.min(pageLimit, total - offset))
                        : queryLong(c, "SELECT count(*) FROM (" + page + ") _r", rq.params());
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(json_agg(_r), '[]'::json)::text, count(*) FROM (" + page + ") _r")) {
                    bind(c, ps, rq.params(), 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        body = rs.getString(1);
                        rows = rs.getLong(2);
                    }
                }
            }
        }
        if (!prefer.applied().isEmpty()) {
            resp.setHeader("Preference-Applied", prefer.applied());
        }
        resp.setHeader("Content-Range", contentRange(offset, rows, total));
        if (singular) {
            if (rows != 1) {
                throw new PostgrestError(406, "PGRST116", "Cannot coerce the result to a single JSON object",
                        "The result contains " + rows + " rows", null);
            }
            // json_agg of one row is exactly "[<row>]".
            String object = body.substring(1, body.length() - 1);
            writeTyped(resp, 200, object, OBJECT_MEDIA_TYPE + "; charset=utf-8", !head);
            return;
        }
        int status = total != null && rows < total ? 206 : 200;
        if (head) {
            resp.setStatus(status);
            resp.setContentType("application/json; charset=utf-8");
            return;
        }
        write(resp, status, body, true);
    }

    private static String contentRange(long offset, long rows, Long total) {
        String from = rows > 0 ? offset + "-" + (offset + rows - 1) : "*";
        return from + "/" + (total == null ? "*" : total.toString());
    }

    // ---------------------------------------------------------------- writes

    private void insert(HttpServletRequest req, HttpServletResponse resp, TableInfo table, QueryParams query)
            throws IOException, SQLException {
        RestQuery rq = RestQuery.parse(table, query);
        Prefer prefer = Prefer.of(req);
        byte[] body = readBody(req);
        JsonNode tree = parseJson(body);
        List<JsonNode> rows = new ArrayList<>();
        if (tree.isArray()) {
            for (JsonNode n : tree) {
                if (!n.isObject()) {
                    throw invalidJson();
                }
                rows.add(n);
            }
        } else if (tree.isObject()) {
            rows.add(tree);
        } else {
            throw invalidJson();
        }
        List<String> columns = insertColumns(table, rq, rows);
        if (rows.isEmpty() || columns.isEmpty()) {
            if (!rows.isEmpty()) {
                throw PostgrestError.badRequest("PGRST102", "Empty or invalid json", null);
            }
            finishWrite(resp, prefer, 201, 0, "[]");
            return;
        }
        String json = tree.isArray() ? new String(body, StandardCharsets.UTF_8)
                : "[" + new String(body, StandardCharsets.UTF_8) + "]";

        StringBuilder source = new StringBuilder();
        StringBuilder targets = new StringBuilder();
        for (String name : columns) {
            ColumnInfo col = table.column(name);
            if (targets.length() > 0) {
                targets.append(", ");
                source.append(", ");
            }
            targets.append(col.quoted());
            if (prefer.missingDefault() && col.defaultExpr() != null) {
                source.append("CASE WHEN jsonb_exists(_e.j, '").append(name.replace("'", "''")).append("') THEN _x.")
                        .append(col.quoted()).append(" ELSE (").append(col.defaultExpr()).append(") END AS ")
                        .append(col.quoted());
            } else {
                source.append("_x.").append(col.quoted());
            }
        }
        String conflict = conflictClause(table, rq, prefer, columns);
        StringBuilder sql = new StringBuilder(512);
        sql.append("WITH _in AS (SELECT ").append(source)
                .append(" FROM jsonb_array_elements(CAST(? AS jsonb)) WITH ORDINALITY AS _e(j, n)")
                .append(" CROSS JOIN LATERAL jsonb_populate_record(NULL::").append(table.qualified())
                .append(", _e.j) AS _x ORDER BY _e.n), _w AS (INSERT INTO ").append(table.qualified()).append(" AS ")
                .append(RestQuery.ALIAS).append(" (").append(targets).append(") SELECT ").append(targets)
                .append(" FROM _in").append(conflict).append(" RETURNING (").append(RestQuery.ALIAS)
                .append(".xmax = 0) AS ").append(INSERTED_FLAG).append(", ").append(RestQuery.ALIAS)
                .append(".*) SELECT (SELECT count(*) FROM _w WHERE ").append(INSERTED_FLAG)
                .append("), (SELECT count(*) FROM _w), ").append(representation(rq, prefer));
        long inserted;
        long affected;
        String representation;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inserted = rs.getLong(1);
                affected = rs.getLong(2);
                representation = rs.getString(3);
            }
        }
        int status = prefer.resolution() != Prefer.Resolution.NONE && inserted == 0 ? 200 : 201;
        if (prefer.countExact()) {
            resp.setHeader("Content-Range", "*/" + affected);
        } else {
            resp.setHeader("Content-Range", "*/*");
        }
        finishWrite(resp, prefer, status, affected, representation);
    }

    private static List<String> insertColumns(TableInfo table, RestQuery rq, List<JsonNode> rows) {
        if (rq.columns() != null) {
            return rq.columns();
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        Set<String> expected = new HashSet<>(columns);
        for (int i = 1; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (row.size() != expected.size()) {
                throw keysMustMatch();
            }
            for (Iterator<String> it = row.fieldNames(); it.hasNext();) {
                if (!expected.contains(it.next())) {
                    throw keysMustMatch();
                }
            }
        }
        for (String name : columns) {
            if (!table.hasColumn(name)) {
                throw PostgrestError.unknownColumn(table.name(), name);
            }
        }
        return columns;
    }

    private static PostgrestError keysMustMatch() {
        return PostgrestError.badRequest("PGRST102", "All object keys must match", null);
    }

    private static String conflictClause(TableInfo table, RestQuery rq, Prefer prefer, List<String> columns) {
        if (prefer.resolution() == Prefer.Resolution.NONE) {
            return "";
        }
        List<String> target = rq.onConflict() != null ? rq.onConflict() : table.primaryKey();
        StringBuilder sb = new StringBuilder(" ON CONFLICT");
        if (!target.isEmpty()) {
            sb.append(" (");
            for (int i = 0; i < target.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(SqlIdentifiers.quote(target.get(i)));
            }
            sb.append(')');
        } else if (prefer.resolution() == Prefer.Resolution.MERGE) {
            throw PostgrestError.badRequest("42P10",
                    "there is no unique or exclusion constraint matching the ON CONFLICT specification", null);
        }
        if (prefer.resolution() == Prefer.Resolution.IGNORE) {
            return sb.append(" DO NOTHING").toString();
        }
        sb.append(" DO UPDATE SET ");
        for (int i = 0; i < columns.size(); i++) {
            String q = SqlIdentifiers.quote(columns.get(i));
            sb.append(i == 0 ? "" : ", ").append(q).append(" = EXCLUDED.").append(q);
        }
        return sb.toString();
    }

    private void update(HttpServletRequest req, HttpServletResponse resp, TableInfo table, QueryParams query)
            throws IOException, SQLException {
        RestQuery rq = RestQuery.parse(table, query);
        Prefer prefer = Prefer.of(req);
        if (!rq.hasFilters()) {
            // Supabase enables pg-safeupdate: a write without a WHERE clause is refused.
            throw PostgrestError.badRequest("21000", "UPDATE requires a WHERE clause", null);
        }
        byte[] body = readBody(req);
        JsonNode tree = parseJson(body);
        if (!tree.isObject()) {
            throw invalidJson();
        }
        List<String> columns = new ArrayList<>();
        tree.fieldNames().forEachRemaining(columns::add);
        for (String name : columns) {
            if (!table.hasColumn(name)) {
                throw PostgrestError.unknownColumn(table.name(), name);
            }
        }
        if (columns.isEmpty()) {
            finishWrite(resp, prefer, 204, 0, "[]");
            return;
        }
        StringBuilder set = new StringBuilder();
        for (String name : columns) {
            String q = SqlIdentifiers.quote(name);
            set.append(set.length() == 0 ? "" : ", ").append(q).append(" = _x.").append(q);
        }
        String sql = "WITH _w AS (UPDATE " + table.qualified() + " AS " + RestQuery.ALIAS + " SET " + set
                + " FROM jsonb_populate_record(NULL::" + table.qualified() + ", CAST(? AS jsonb)) AS _x" + rq.whereSql()
                + " RETURNING " + RestQuery.ALIAS + ".*) SELECT (SELECT count(*) FROM _w), "
                + representation(rq, prefer);
        List<Object> params = new ArrayList<>();
        params.add(new String(body, StandardCharsets.UTF_8));
        params.addAll(rq.params());
        runModification(resp, prefer, sql, params);
    }

    private void delete(HttpServletRequest req, HttpServletResponse resp, TableInfo table, QueryParams query)
            throws IOException, SQLException {
        RestQuery rq = RestQuery.parse(table, query);
        Prefer prefer = Prefer.of(req);
        if (!rq.hasFilters()) {
            throw PostgrestError.badRequest("21000", "DELETE requires a WHERE clause", null);
        }
        String sql = "WITH _w AS (DELETE FROM " + table.qualified() + " AS " + RestQuery.ALIAS + rq.whereSql()
                + " RETURNING " + RestQuery.ALIAS + ".*) SELECT (SELECT count(*) FROM _w), "
                + representation(rq, prefer);
        runModification(resp, prefer, sql, rq.params());
    }

    private void runModification(HttpServletResponse resp, Prefer prefer, String sql, List<Object> params)
            throws IOException, SQLException {
        long affected;
        String representation;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                affected = rs.getLong(1);
                representation = rs.getString(2);
            }
        }
        String from = affected > 0 ? "0-" + (affected - 1) : "*";
        resp.setHeader("Content-Range", from + "/" + (prefer.countExact() ? Long.toString(affected) : "*"));
        finishWrite(resp, prefer, prefer.representation() ? 200 : 204, affected, representation);
    }

    /** SQL for the third result column: the written rows as JSON when asked for, else NULL. */
    private static String representation(RestQuery rq, Prefer prefer) {
        if (!prefer.representation()) {
            return "NULL::text";
        }
        return "(SELECT coalesce(json_agg(_r), '[]'::json)::text FROM (SELECT " + rq.selectSql() + " FROM _w AS "
                + RestQuery.ALIAS + ") _r)";
    }

    private void finishWrite(HttpServletResponse resp, Prefer prefer, int status, long affected, String representation)
            throws IOException {
        if (!prefer.applied().isEmpty()) {
            resp.setHeader("Preference-Applied", prefer.applied());
        }
        if (prefer.representation()) {
            write(resp, status == 204 ? 200 : status, representation == null ? "[]" : representation, true);
        } else {
            resp.setStatus(status);
            resp.setContentLength(0);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long queryLong(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> params, int first) throws SQLException {
        int i = first;
        for (Object p : params) {
            if (p instanceof String[] values) {
                ps.setArray(i++, c.createArrayOf("text", values));
            } else {
                ps.setString(i++, (String) p);
            }
        }
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new PostgrestError(413, "PGRST413", "Payload Too Large", null, null);
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new PostgrestError(413, "PGRST413", "Payload Too Large", null, null);
            }
            return body;
        }
    }

    private JsonNode parseJson(byte[] body) {
        try {
            JsonNode tree = body.length == 0 ? null : mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw invalidJson();
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalidJson();
        } catch (IOException e) {
            throw invalidJson();
        }
    }

    private static PostgrestError invalidJson() {
        return PostgrestError.badRequest("PGRST102", "Empty or invalid json", null);
    }

    private static void write(HttpServletResponse resp, int status, String json, boolean withBody) throws IOException {
        writeTyped(resp, status, json, "application/json; charset=utf-8", withBody);
    }

    private static void writeTyped(HttpServletResponse resp, int status, String json, String contentType,
            boolean withBody) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setContentLength(bytes.length);
        if (withBody) {
            try (OutputStream out = resp.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
