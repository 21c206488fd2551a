package africa.easymo.perf.sandbox.rest;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/** The {@code Prefer} header's preferences PostgREST honours; unknown ones are ignored, as PostgREST does. */
record Prefer(Resolution resolution, boolean representation, boolean missingDefault, boolean countExact,
        String applied) {

    enum Resolution {
        NONE, MERGE, IGNORE
    }

    static Prefer of(HttpServletRequest req) {
        Resolution resolution = Resolution.NONE;
        boolean representation = false;
        boolean missingDefault = false;
        boolean countExact = false;
        List<String> applied = new ArrayList<>();
        Enumeration<String> headers = req.getHeaders("Prefer");
        while (headers != null && headers.hasMoreElements()) {
            for (String token : headers.nextElement().split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                switch (t) {
                case "resolution=merge-duplicates" -> {
                    resolution = Resolution.MERGE;
                    applied.add(t);
                }
                case "resolution=ignore-duplicates" -> {
                    resolution = Resolution.IGNORE;
                    applied.add(t);
                }
                case "return=representation" -> {
                    representation = true;
                    applied.add(t);
                }
                case "return=minimal", "return=headers-only" -> {
                    representation = false;
                    applied.add(t);
                }
                case "missing=default" -> {
                    missingDefault = true;
                    applied.add(t);
                }
                case "count=exact", "count=planned", "count=estimated" -> {
                    // The sandbox's tables are small enough that every count is exact.
                    countExact = true;
                    applied.add(t);
                }
                default -> {
                    // Unknown preferences are ignored (Prefer: handling=lenient).
                }
                }
            }
        }
        return new Prefer(resolution, representation, missingDefault, countExact, String.join(", ", applied));
    }
}
