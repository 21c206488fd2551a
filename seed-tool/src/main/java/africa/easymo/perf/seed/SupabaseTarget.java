package africa.easymo.perf.seed;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.config.Settings;
import africa.easymo.perf.core.RetryPolicy;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.lib.supabase.SupabaseException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * The Supabase project named by {@code SUPABASE_URL} and {@code SUPABASE_SERVICE_ROLE_KEY}, checked before anything is
 * written: a missing or malformed variable, a rejected key and an unreachable host each end the command with one line
 * naming the variable (exit 2).
 */
final class SupabaseTarget implements AutoCloseable {
    private final URI url;
    private final Secret key;
    private final CloseableHttpClient http;
    private final SupabaseClient client;
    private final Redactor redactor;

    private SupabaseTarget(URI url, Secret key, int connections, RetryPolicy retry) {
        this.url = url;
        this.key = key;
        this.http = SupabaseClient.defaultHttpClient(connections, Duration.ofSeconds(60));
        this.client = new SupabaseClient(url, key, http, retry);
        this.redactor = Redactor.of(List.of(key.reveal()));
    }

    static SupabaseTarget fromEnvironment(Map<String, String> env, int connections, RetryPolicy retry) {
        String rawUrl = Settings.resolve(Setting.SUPABASE_URL, null, env::get).orElseThrow(() -> SeedToolException
                .config("SUPABASE_URL is not set (the Supabase project URL, e.g. https://<ref>.supabase.co)"));
        Secret key = Settings.resolveSecret(Setting.SUPABASE_SERVICE_ROLE_KEY, null, env::get)
                .orElseThrow(() -> SeedToolException
                        .config("SUPABASE_SERVICE_ROLE_KEY is not set (the project's service-role key)"));
        return new SupabaseTarget(parseUrl(rawUrl), key, connections, retry);
    }

    private static URI parseUrl(String raw) {
        try {
            URI u = new URI(raw);
            if (u.getScheme() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw SeedToolException.config("SUPABASE_URL is not an http(s) URL: " + raw);
            }
            if (u.getUserInfo() != null) {
                throw SeedToolException
                        .config("SUPABASE_URL must not carry credentials: " + u.getScheme() + "://" + u.getHost());
            }
            return u;
        } catch (URISyntaxException e) {
            throw SeedToolException.config("SUPABASE_URL is not an http(s) URL: " + raw);
        }
    }

    /**
     * One cheap read of each API, so a wrong key or host fails before any row is written and is reported as what it is.
     */
    void preflight() {
        try {
            client.select("stations", "select=id&limit=1");
        } catch (SupabaseException e) {
            throw classify(e, "REST");
        }
        try {
            client.listUsers(1, 1);
        } catch (SupabaseException e) {
            throw classify(e, "Auth admin");
        }
    }

    private SeedToolException classify(SupabaseException e, String api) {
        String what = describe(e);
        if (e.isNetworkError()) {
            return SeedToolException.config("SUPABASE_URL " + url + " is unreachable: " + e.errorMessage());
        }
        if (e.status() == 401 || e.status() == 403) {
            return SeedToolException
                    .config("SUPABASE_SERVICE_ROLE_KEY was rejected by " + url + " (" + api + " API): " + what);
        }
        if (e.status() == 404) {
            return SeedToolException.config(
                    "SUPABASE_URL " + url + " does not look like a Supabase project (" + api + " API): " + what);
        }
        return SeedToolException.failed(url + " (" + api + " API): " + what);
    }

    /** The error without the call prefix: {@code HTTP 409 23505: message (details)}. */
    static String describe(SupabaseException e) {
        String m = e.getMessage();
        String prefix = e.call() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    SupabaseClient client() {
        return client;
    }

    URI url() {
        return url;
    }

    Redactor redactor() {
        return redactor;
    }

    Secret key() {
        return key;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to do with a client that will not close
        }
    }
}
