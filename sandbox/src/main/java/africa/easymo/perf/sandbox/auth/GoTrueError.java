package africa.easymo.perf.sandbox.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A GoTrue error. Its body depends on the API version the client asks for: with
 * {@code X-Supabase-Api-Version: 2024-01-01} it is {@code {"code":"<error_code>","message":…}}, without it the legacy
 * {@code {"code":<status>,"error_code":…,"msg":…}}.
 */
public final class GoTrueError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String API_VERSION_HEADER = "X-Supabase-Api-Version";
    static final String API_VERSION_2024 = "2024-01-01";

    private final int status;
    private final String errorCode;

    public GoTrueError(int status, String errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String toJson(ObjectMapper mapper, HttpServletRequest req) {
        ObjectNode n = mapper.createObjectNode();
        String version = req.getHeader(API_VERSION_HEADER);
        if (version != null && version.trim().compareTo(API_VERSION_2024) >= 0) {
            n.put("code", errorCode);
            n.put("message", getMessage());
        } else {
            n.put("code", status);
            n.put("error_code", errorCode);
            n.put("msg", getMessage());
        }
        return n.toString();
    }
}
