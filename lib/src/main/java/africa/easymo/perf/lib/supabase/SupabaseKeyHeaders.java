package africa.easymo.perf.lib.supabase;

import africa.easymo.perf.core.Secret;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that present a Supabase key: {@code apikey} always, and {@code Authorization: Bearer} too unless the key
 * is a new-style secret key ({@code sb_secret_...}), which the gateway rejects as a bearer token because it is not a
 * JWT.
 */
public final class SupabaseKeyHeaders {
    private static final String SECRET_KEY_PREFIX = "sb_secret_";

    private SupabaseKeyHeaders() {
    }

    /** The headers in the order they are sent, name to value. */
    public static Map<String, String> of(Secret key) {
        String k = key.reveal();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("apikey", k);
        if (!k.startsWith(SECRET_KEY_PREFIX)) {
            headers.put("Authorization", "Bearer " + k);
        }
        return headers;
    }
}
