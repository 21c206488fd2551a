package africa.easymo.perf.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces known secret values in text with {@value #MASK}: the plain value, its base64 form, and any HTTP Basic
 * credential ({@code Basic <base64>}) whose decoded form contains a secret (e.g. {@code service_role:<key>} for the
 * metrics endpoint). A {@code Bearer <secret>} form is covered by the plain value. Immutable and thread-safe; with no
 * secrets, {@link #redact} returns its input untouched.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final Redactor NONE = new Redactor(List.of(), List.of());
    private static final Pattern BASIC = Pattern.compile("(?i)(basic\\s+)([A-Za-z0-9+/=_-]{4,})");

    /** Longest first, so a secret that contains another is masked whole. */
    private final List<String> needles;
    private final List<String> secrets;

    private Redactor(List<String> needles, List<String> secrets) {
        this.needles = needles;
        this.secrets = secrets;
    }

    public static Redactor none() {
        return NONE;
    }

    /** Built from plain secret values; null or blank values are ignored. */
    public static Redactor of(Collection<String> secretValues) {
        Set<String> plain = new LinkedHashSet<>();
        for (String s : secretValues) {
            if (s != null && !s.isBlank()) {
                plain.add(s);
                String t = s.trim();
                if (!t.isEmpty()) {
                    plain.add(t);
                }
            }
        }
        if (plain.isEmpty()) {
            return NONE;
        }
        Set<String> needles = new LinkedHashSet<>(plain);
        for (String s : plain) {
            needles.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            needles.add(Base64.getEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        }
        List<String> sorted = new ArrayList<>(needles);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted), List.copyOf(plain));
    }

    /** A redactor that masks this one's secrets and the given extra values. */
    public Redactor with(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return of(all);
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    public String redact(String text) {
        if (text == null || needles.isEmpty() || text.isEmpty()) {
            return text;
        }
        String out = maskBasic(text);
        for (String n : needles) {
            if (out.contains(n)) {
                out = out.replace(n, MASK);
            }
        }
        return out;
    }

    private String maskBasic(String text) {
        if (!containsIgnoreCase(text, "basic")) {
            return text;
        }
        Matcher m = BASIC.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (decodedContainsSecret(m.group(2))) {
                if (sb == null) {
                    sb = new StringBuilder(text.length());
                }
                sb.append(text, last, m.start(2)).append(MASK);
                last = m.end(2);
            }
        }
        if (sb == null) {
            return text;
        }
        sb.append(text, last, text.length());
        return sb.toString();
    }

    private boolean decodedContainsSecret(String b64) {
        String decoded;
        try {
            decoded = new String(Base64.getMimeDecoder().decode(b64.replace('-', '+').replace('_', '/')),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String s : secrets) {
            if (decoded.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code word} is lower case ASCII. Runs on every sample: jump between first letters instead of folding all. */
    private static boolean containsIgnoreCase(String text, String word) {
        char lower = word.charAt(0);
        char upper = Character.toUpperCase(lower);
        int n = word.length();
        int last = text.length() - n;
        int l = text.indexOf(lower);
        int u = text.indexOf(upper);
        while (true) {
            int at = l < 0 ? u : (u < 0 ? l : Math.min(l, u));
            if (at < 0 || at > last) {
                return false;
            }
            if (text.regionMatches(true, at + 1, word, 1, n - 1)) {
                return true;
            }
            if (at == l) {
                l = text.indexOf(lower, at + 1);
            } else {
                u = text.indexOf(upper, at + 1);
            }
        }
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
