package africa.easymo.perf.evidence.rules;

/** A threshold or abort rule that cannot be read; the message names the field, the line and what was expected. */
public final class ThresholdParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ThresholdParseException(String message) {
        super(message);
    }
}
