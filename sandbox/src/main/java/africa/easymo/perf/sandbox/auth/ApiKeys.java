package africa.easymo.perf.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The API gateway's key check, as Supabase does it in front of REST and Auth: a key in {@code apikey} (header or query
 * parameter) or {@code Authorization: Bearer}; the service-role key is admin, the anon key is not.
 */
public final class ApiKeys {
    private final byte[] serviceRoleKey;
    private final byte[] anonKey;

    public ApiKeys(String serviceRoleKey, String anonKey) {
        this.serviceRoleKey = serviceRoleKey.getBytes(StandardCharsets.UTF_8);
        this.anonKey = anonKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Which kind of key a request carried. */
    public enum Role {
        /** No key at all. */
        NONE,
        /** A key that is neither the service-role nor the anon key. */
        INVALID, ANON, SERVICE_ROLE
    }

    /** The gateway's view: the {@code apikey} if present, else the Bearer token. */
    public Role gatewayRole(HttpServletRequest req) {
        String apikey = apiKey(req);
        String bearer = bearer(req);
        if (apikey == null && bearer == null) {
            return Role.NONE;
        }
        Role viaApikey = apikey == null ? null : roleOf(apikey);
        Role viaBearer = bearer == null ? null : roleOf(bearer);
        if (viaApikey == Role.INVALID || viaBearer == Role.INVALID) {
            return Role.INVALID;
        }
        // With both present, the Bearer decides the role (as PostgREST does with the JWT).
        return viaBearer != null ? viaBearer : viaApikey;
    }

    /** Role of a single key value. */
    public Role roleOf(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(k, serviceRoleKey)) {
            return Role.SERVICE_ROLE;
        }
        if (MessageDigest.isEqual(k, anonKey)) {
            return Role.ANON;
        }
        return Role.INVALID;
    }

    /** The {@code apikey} header, else the {@code apikey} query parameter; {@code null} when blank. */
    public static String apiKey(HttpServletRequest req) {
        String h = req.getHeader("apikey");
        if (h == null || h.isBlank()) {
            h = queryApiKey(req);
        }
        return h == null || h.isBlank() ? null : h.trim();
    }

    /** The token of {@code Authorization: Bearer <token>}; {@code null} when absent or blank. */
    public static String bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null) {
            return null;
        }
        h = h.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static String queryApiKey(HttpServletRequest req) {
        String q = req.getQueryString();
        if (q == null || !q.contains("apikey=")) {
            return null;
        }
        return req.getParameter("apikey");
    }

    /** 401 body for a request without any key. */
    public static String missingKeyBody() {
        return "{\"message\":\"No API key found in request\",\"hint\":\"No `apikey` request header or url param was found.\"}";
    }

    /** 401 body for a request with a key that is not this project's. */
    public static String invalidKeyBody() {
        return "{\"message\":\"Invalid API key\",\"hint\":\"Double check the provided API key as it might be incorrect.\"}";
    }
}
