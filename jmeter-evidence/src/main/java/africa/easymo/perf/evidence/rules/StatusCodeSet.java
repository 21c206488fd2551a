package africa.easymo.perf.evidence.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A set of HTTP status codes written as exact codes ({@code 429}) or classes ({@code 5xx}). A response code that is not
 * a three-digit number (JMeter's "Non HTTP response code: …") belongs to no set.
 */
public final class StatusCodeSet {

    private static final Pattern ITEM = Pattern.compile("[1-5](\\d\\d|xx)");

    private final List<String> items;

    private StatusCodeSet(List<String> items) {
        this.items = List.copyOf(items);
    }

    /** True when {@code text} is one code or class, e.g. {@code 429} or {@code 5XX}. */
    public static boolean isItem(String text) {
        return ITEM.matcher(text.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * @param commaSeparated
     *            e.g. {@code 429,5xx}
     *
     * @throws IllegalArgumentException
     *             naming the item that is neither a code nor a class
     */
    public static StatusCodeSet parse(String commaSeparated) {
        List<String> items = new ArrayList<>();
        for (String raw : commaSeparated.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (!ITEM.matcher(item).matches()) {
                throw new IllegalArgumentException(
                        "'" + raw.trim() + "' is not a status code or class (e.g. 429, 503, 5xx)");
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no status codes given");
        }
        return new StatusCodeSet(items);
    }

    public boolean contains(String responseCode) {
        if (responseCode == null || responseCode.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(responseCode.charAt(i))) {
                return false;
            }
        }
        for (String item : items) {
            if (item.endsWith("xx") ? item.charAt(0) == responseCode.charAt(0) : item.equals(responseCode)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", items);
    }
}
