package africa.easymo.perf.evidence.rules;

import java.util.regex.Pattern;

/**
 * Which samples a rule looks at: one label ({@code redeem}), labels matching a glob ({@code campaign *}), or all
 * samples ({@code *}, also what a rule without a label means). Several labels matched by one selector are pooled, so
 * their percentiles are of the pooled samples, not an average of percentiles.
 */
public final class LabelSelector {

    public static final LabelSelector ALL = new LabelSelector("*", null);

    private final String text;
    private final Pattern glob;

    private LabelSelector(String text, Pattern glob) {
        this.text = text;
        this.glob = glob;
    }

    public static LabelSelector of(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("*")) {
            return ALL;
        }
        if (t.indexOf('*') < 0) {
            return new LabelSelector(t, null);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = t.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        String r = regex.toString();
        return new LabelSelector(t, Pattern.compile(r, Pattern.DOTALL));
    }

    public boolean isAll() {
        return this == ALL;
    }

    /** An exact label rather than a pattern. */
    public boolean isExact() {
        return this != ALL && glob == null;
    }

    public boolean matches(String label) {
        if (this == ALL) {
            return true;
        }
        return glob == null ? text.equals(label) : glob.matcher(label).matches();
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
