package africa.easymo.perf.sandbox.preview;

/** A preview body the endpoint refuses with 400 {@code invalid_payload}; the message names the field. */
final class InvalidPreviewPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidPreviewPayloadException(String message) {
        super(message, null, false, false);
    }
}
