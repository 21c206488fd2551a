package africa.easymo.perf.lib.supabase;

/**
 * A failed Supabase call. {@link #getMessage()} is one line: what was called, the HTTP status, the PostgREST or GoTrue
 * error code, the message and details, e.g.
 * {@code POST /rest/v1/vouchers: HTTP 409 23505: duplicate key value violates unique constraint "vouchers_code5_key" (Key (code5)=(AB123) already exists.)}.
 * It never contains the service key. Status 0 means no HTTP answer (unreachable, connection dropped).
 */
public class SupabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String errorMessage;
    private final String details;
    private final String hint;
    private final String call;

    public SupabaseException(String call, int status, String code, String errorMessage, String details, String hint,
            Throwable cause) {
        super(format(call, status, code, errorMessage, details), cause);
        this.call = call;
        this.status = status;
        this.code = code;
        this.errorMessage = errorMessage;
        this.details = details;
        this.hint = hint;
    }

    private static String format(String call, int status, String code, String message, String details) {
        StringBuilder sb = new StringBuilder();
        sb.append(call).append(": ");
        if (status > 0) {
            sb.append("HTTP ").append(status);
            if (code != null && !code.isBlank() && !code.equals(String.valueOf(status))) {
                sb.append(' ').append(code);
            }
            sb.append(": ");
        }
        sb.append(message == null || message.isBlank() ? "(no message)" : message);
        if (details != null && !details.isBlank()) {
            sb.append(" (").append(details).append(')');
        }
        return oneLine(sb.toString());
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** HTTP status, or 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }

    /** PostgREST code ({@code 23505}, {@code PGRST204}) or GoTrue error code ({@code email_exists}); may be null. */
    public String code() {
        return code;
    }

    /** The server's message alone (without the call and status). */
    public String errorMessage() {
        return errorMessage;
    }

    public String details() {
        return details;
    }

    public String hint() {
        return hint;
    }

    /** Method and path of the call, e.g. {@code POST /rest/v1/vouchers}. */
    public String call() {
        return call;
    }

    /** True when no HTTP answer came back (host down, refused, dropped). */
    public boolean isNetworkError() {
        return status == 0;
    }
}
