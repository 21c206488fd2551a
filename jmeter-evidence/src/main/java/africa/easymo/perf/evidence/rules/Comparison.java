package africa.easymo.perf.evidence.rules;

/** The comparison operators of the threshold language. */
public enum Comparison {
    LE("<="), GE(">="), EQ("=="), NE("!="), LT("<"), GT(">");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** NaN (no data) satisfies no comparison. */
    public boolean test(double observed, double limit) {
        if (Double.isNaN(observed)) {
            return false;
        }
        return switch (this) {
        case LT -> observed < limit;
        case LE -> observed <= limit;
        case GT -> observed > limit;
        case GE -> observed >= limit;
        case EQ -> observed == limit;
        case NE -> observed != limit;
        };
    }

    /** The operator at {@code pos}, longest first; null when there is none. */
    static Comparison at(String text, int pos) {
        for (Comparison c : values()) {
            if (text.startsWith(c.symbol, pos)) {
                return c;
            }
        }
        return null;
    }
}
