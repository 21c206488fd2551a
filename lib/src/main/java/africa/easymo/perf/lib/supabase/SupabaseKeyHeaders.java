package africa.easymo.perf.lib.supabase;

import africa.easymo.perf.core.Secret;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Supabase API key is sent: always as {@code apikey}; also as {@code Authorization: Bearer} for a JWT key, but
 * not for an {@code sb_secret_} key, which the gateway takes in {@code apikey} alone (and rejects as a bearer token).
 */
public final class SupabaseKeyHeaders {

    private SupabaseKeyHeaders() {
    }

    /** The headers for this key, in the order they are sent. */
    public static Map<String, String> of(Secret key) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("apikey", key.reveal());
        if (!key.reveal().startsWith("sb_secret_")) {
            h.put("Authorization", "Bearer " + key.reveal());
        }
        return h;
    }
}
