package africa.easymo.perf.sandbox.campaign;

/** A dispatch request the dispatcher refuses: status, error code and a message naming the field. */
final class InvalidDispatchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    InvalidDispatchException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static InvalidDispatchException payload(String message) {
        return new InvalidDispatchException(400, "invalid_payload", message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
