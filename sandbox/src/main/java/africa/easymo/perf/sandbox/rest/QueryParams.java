package africa.easymo.perf.sandbox.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The raw query string as ordered, decoded pairs (a column may be filtered more than once). */
final class QueryParams {
    private final List<Map.Entry<String, String>> pairs;

    private QueryParams(List<Map.Entry<String, String>> pairs) {
        this.pairs = pairs;
    }

    static QueryParams parse(String rawQuery) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = eq < 0 ? part : part.substring(0, eq);
                String v = eq < 0 ? "" : part.substring(eq + 1);
                pairs.add(Map.entry(decode(k), decode(v)));
            }
        }
        return new QueryParams(pairs);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw PostgrestError.parse("invalid percent-encoding in the query string", s);
        }
    }

    /** The last value of a parameter, or {@code null}. */
    String get(String key) {
        String v = null;
        for (Map.Entry<String, String> e : pairs) {
            if (e.getKey().equals(key)) {
                v = e.getValue();
            }
        }
        return v;
    }

    List<Map.Entry<String, String>> pairs() {
        return pairs;
    }
}
