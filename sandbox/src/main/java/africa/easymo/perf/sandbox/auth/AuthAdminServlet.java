package africa.easymo.perf.sandbox.auth;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.http.JsonResponses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.postgresql.util.PSQLException;

/**
 * {@code /auth/v1/admin/users[/<id>]}: the GoTrue admin subset (create, get, update, list, delete) on
 * {@code auth.users}, with GoTrue's status codes, error codes and key rules.
 */
public final class AuthAdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final String USERS_PATH = "/admin/users";
    private static final int DEFAULT_PER_PAGE = 50;
    private static final int MAX_PER_PAGE = 1000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String DEFAULT_APP_METADATA = "{\"provider\":\"email\",\"providers\":[\"email\"]}";
    /** The user object exactly as GoTrue's admin API returns it. */
    private static final String USER_JSON = """
            jsonb_build_object('id', u.id, 'aud', 'authenticated', 'role', 'authenticated', 'email', u.email,
              'email_confirmed_at', u.email_confirmed_at, 'phone', coalesce(u.phone, ''),
              'confirmed_at', u.email_confirmed_at, 'last_sign_in_at', null, 'app_metadata', u.app_metadata,
              'user_metadata', u.user_metadata, 'identities', '[]'::jsonb, 'created_at', u.created_at,
              'updated_at', u.updated_at, 'is_anonymous', false)""";
    /** Merges a patch into a metadata column; a key set to null is removed. */
    private static final String MERGE = "(SELECT coalesce(jsonb_object_agg(e.k, e.v), '{}'::jsonb) FROM jsonb_each(%s"
            + " || CAST(? AS jsonb)) AS e(k, v) WHERE e.v <> 'null'::jsonb)";

    private final transient DataSource dataSource;
    private final transient ObjectMapper mapper;
    private final transient ApiKeys keys;
    private final transient SecureRandom random = new SecureRandom();

    public AuthAdminServlet(SandboxContext context, ApiKeys keys) {
        this.dataSource = context.dataSource();
        this.mapper = context.objectMapper();
        this.keys = keys;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiKeys.Role gateway = keys.gatewayRole(req);
        if (gateway == ApiKeys.Role.NONE) {
            JsonResponses.drain(req);
            JsonResponses.write(resp, 401, ApiKeys.missingKeyBody());
            return;
        }
        if (gateway == ApiKeys.Role.INVALID) {
            JsonResponses.drain(req);
            JsonResponses.write(resp, 401, ApiKeys.invalidKeyBody());
            return;
        }
        try {
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            if (path.endsWith("/") && path.length() > 1) {
                path = path.substring(0, path.length() - 1);
            }
            if (!path.equals(USERS_PATH) && !path.startsWith(USERS_PATH + "/")) {
                throw new GoTrueError(404, "not_found", "Not Found");
            }
            requireAdmin(req);
            String method = req.getMethod();
            if (path.equals(USERS_PATH)) {
                switch (method) {
                case "POST" -> create(req, resp);
                case "GET" -> list(req, resp);
                default -> throw new GoTrueError(405, "method_not_allowed", "Method Not Allowed");
                }
                return;
            }
            String rawId = path.substring(USERS_PATH.length() + 1);
            UUID id = parseId(rawId);
            switch (method) {
            case "GET" -> get(resp, id);
            case "PUT" -> update(req, resp, id);
            case "DELETE" -> delete(resp, id);
            default -> throw new GoTrueError(405, "method_not_allowed", "Method Not Allowed");
            }
        } catch (GoTrueError e) {
            JsonResponses.drain(req);
            JsonResponses.write(resp, e.status(), e.toJson(mapper, req));
        } catch (SQLException e) {
            GoTrueError g = new GoTrueError(500, "unexpected_failure", "Database error: " + e.getSQLState());
            JsonResponses.drain(req);
            JsonResponses.write(resp, g.status(), g.toJson(mapper, req));
        }
    }

    /**
     * GoTrue's admin check: the caller's JWT must carry the service role. The Bearer token is that JWT; with the new
     * {@code sb_secret_} keys the gateway accepts the secret key in {@code apikey} alone.
     */
    private void requireAdmin(HttpServletRequest req) {
        String token = ApiKeys.bearer(req);
        if (token == null) {
            String apikey = ApiKeys.apiKey(req);
            if (apikey != null && apikey.startsWith("sb_secret_") && keys.roleOf(apikey) == ApiKeys.Role.SERVICE_ROLE) {
                token = apikey;
            }
        }
        if (token == null) {
            throw new GoTrueError(401, "no_authorization", "This endpoint requires a Bearer token");
        }
        switch (keys.roleOf(token)) {
        case SERVICE_ROLE -> {
            // admin
        }
        case ANON -> throw new GoTrueError(403, "not_admin", "User not allowed");
        default -> throw new GoTrueError(401, "bad_jwt",
                "invalid JWT: unable to parse or verify signature, token is malformed");
        }
    }

    private void create(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
        JsonNode body = body(req);
        UUID id = null;
        if (body.hasNonNull("id")) {
            id = parseUuid(body.get("id").asText(), "id");
        }
        String email = text(body, "email");
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new GoTrueError(400, "validation_failed", "Unable to validate email address: invalid format");
        }
        String password = text(body, "password");
        String phone = text(body, "phone");
        boolean confirm = body.path("email_confirm").asBoolean(false);
        ObjectNode appMetadata = (ObjectNode) mapper.readTree(DEFAULT_APP_METADATA);
        appMetadata.setAll(object(body, "app_metadata"));
        ObjectNode userMetadata = object(body, "user_metadata");
        String sql = "INSERT INTO auth.users AS u (id, email, phone, encrypted_password, email_confirmed_at,"
                + " user_metadata, app_metadata) VALUES (coalesce(CAST(? AS uuid), gen_random_uuid()), lower(?), ?, ?,"
                + " CASE WHEN ? THEN now() END, CAST(? AS jsonb), CAST(? AS jsonb)) RETURNING " + USER_JSON;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id == null ? null : id.toString());
            ps.setString(2, email);
            ps.setString(3, phone);
            ps.setString(4, password == null ? null : hash(password));
            ps.setBoolean(5, confirm);
            ps.setString(6, userMetadata.toString());
            ps.setString(7, appMetadata.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                JsonResponses.write(resp, 200, rs.getString(1));
            }
        } catch (PSQLException e) {
            // GoTrue looks the e-mail up before inserting, so a taken e-mail wins over a taken id.
            if ("23505".equals(e.getSQLState()) && emailTaken(email)) {
                throw new GoTrueError(422, "email_exists",
                        "A user with this email address has already been registered");
            }
            throw uniqueViolation(e);
        }
    }

    private boolean emailTaken(String email) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM auth.users WHERE email = lower(?)")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void get(HttpServletResponse resp, UUID id) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c
                .prepareStatement("SELECT " + USER_JSON + " FROM auth.users u WHERE u.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw userNotFound();
                }
                JsonResponses.write(resp, 200, rs.getString(1));
            }
        }
    }

    private void update(HttpServletRequest req, HttpServletResponse resp, UUID id) throws IOException, SQLException {
        JsonNode body = body(req);
        List<String> sets = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (body.has("email")) {
            String email = text(body, "email");
            if (email == null || !EMAIL.matcher(email).matches()) {
                throw new GoTrueError(400, "validation_failed", "Unable to validate email address: invalid format");
            }
            sets.add("email = lower(?)");
            params.add(email);
        }
        if (body.has("phone")) {
            sets.add("phone = ?");
            params.add(text(body, "phone"));
        }
        if (body.has("password")) {
            String password = text(body, "password");
            if (password == null) {
                throw new GoTrueError(422, "weak_password", "Password should be at least 6 characters.");
            }
            sets.add("encrypted_password = ?");
            params.add(hash(password));
        }
        if (body.has("email_confirm")) {
            sets.add(body.path("email_confirm").asBoolean(false)
                    ? "email_confirmed_at = coalesce(email_confirmed_at," + " now())" : "email_confirmed_at = null");
        }
        if (body.has("user_metadata")) {
            sets.add("user_metadata = " + String.format(MERGE, "u.user_metadata"));
            params.add(object(body, "user_metadata").toString());
        }
        if (body.has("app_metadata")) {
            sets.add("app_metadata = " + String.format(MERGE, "u.app_metadata"));
            params.add(object(body, "app_metadata").toString());
        }
        sets.add("updated_at = now()");
        String sql = "UPDATE auth.users AS u SET " + String.join(", ", sets) + " WHERE u.id = ? RETURNING " + USER_JSON;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setString(i++, (String) p);
            }
            ps.setObject(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw userNotFound();
                }
                JsonResponses.write(resp, 200, rs.getString(1));
            }
        } catch (PSQLException e) {
            throw uniqueViolation(e);
        }
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
        int page = positive(req.getParameter("page"), 1, "page");
        int perPage = Math.min(positive(req.getParameter("per_page"), DEFAULT_PER_PAGE, "per_page"), MAX_PER_PAGE);
        long total;
        String users;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM auth.users");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(jsonb_agg(" + USER_JSON
                    + " ORDER BY u.created_at, u.id), '[]'::jsonb)::text FROM (SELECT * FROM auth.users"
                    + " ORDER BY created_at, id LIMIT ? OFFSET ?) u")) {
                ps.setInt(1, perPage);
                ps.setLong(2, (long) (page - 1) * perPage);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    users = rs.getString(1);
                }
            }
        }
        long last = Math.max(1, (total + perPage - 1) / perPage);
        String base = req.getRequestURI();
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<" + base + "?page=" + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
        }
        links.add("<" + base + "?page=" + last + "&per_page=" + perPage + ">; rel=\"last\"");
        resp.setHeader("X-Total-Count", Long.toString(total));
        resp.setHeader("Link", String.join(", ", links));
        JsonResponses.write(resp, 200, "{\"users\":" + users + ",\"aud\":\"authenticated\"}");
    }

    private void delete(HttpServletResponse resp, UUID id) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM auth.users WHERE id = ?")) {
            ps.setObject(1, id);
            if (ps.executeUpdate() == 0) {
                throw userNotFound();
            }
        }
        JsonResponses.write(resp, 200, "{}");
    }

    // ---------------------------------------------------------------- helpers

    private static GoTrueError userNotFound() {
        return new GoTrueError(404, "user_not_found", "User not found");
    }

    private static GoTrueError uniqueViolation(PSQLException e) {
        if ("23505".equals(e.getSQLState())) {
            String constraint = e.getServerErrorMessage() == null ? null : e.getServerErrorMessage().getConstraint();
            if ("users_pkey".equals(constraint)) {
                return new GoTrueError(422, "user_already_exists", "User already registered");
            }
            return new GoTrueError(422, "email_exists", "A user with this email address has already been registered");
        }
        return new GoTrueError(500, "unexpected_failure", "Database error: " + e.getSQLState());
    }

    private static UUID parseId(String raw) {
        try {
            return parseUuid(raw, "id");
        } catch (GoTrueError e) {
            throw userNotFound();
        }
    }

    private static UUID parseUuid(String raw, String field) {
        try {
            UUID u = UUID.fromString(raw);
            if (u.toString().equalsIgnoreCase(raw)) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw new GoTrueError(400, "validation_failed", field + " must be a UUID");
    }

    private JsonNode body(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(1024 * 1024);
            JsonNode n = bytes.length == 0 ? null : mapper.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new GoTrueError(400, "bad_json", "Could not parse request body as JSON");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GoTrueError(400, "bad_json", "Could not parse request body as JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new GoTrueError(400, "validation_failed", field + " must be a string");
        }
        String s = v.asText();
        if (field.equals("password") && s.length() < 6) {
            throw new GoTrueError(422, "weak_password", "Password should be at least 6 characters.");
        }
        return s;
    }

    private ObjectNode object(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return mapper.createObjectNode();
        }
        if (!v.isObject()) {
            throw new GoTrueError(400, "validation_failed", field + " must be a JSON object");
        }
        return (ObjectNode) v;
    }

    private static int positive(String raw, int fallback, String name) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new GoTrueError(400, "validation_failed", "Bad Pagination Parameters: " + name + " must be >= 1");
    }

    /** Salted SHA-256: not GoTrue's bcrypt, but never the password itself. */
    private String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            byte[] h = md.digest(password.getBytes(StandardCharsets.UTF_8));
            HexFormat hex = HexFormat.of();
            return "sha256$" + hex.formatHex(salt) + "$" + hex.formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
