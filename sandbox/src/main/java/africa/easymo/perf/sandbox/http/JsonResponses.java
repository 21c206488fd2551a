package africa.easymo.perf.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes JSON answers with an exact Content-Length (keeps keep-alive connections cheap for load clients). */
public final class JsonResponses {
    public static final String JSON = "application/json; charset=utf-8";

    private JsonResponses() {
    }

    public static void write(HttpServletResponse resp, int status, String json) throws IOException {
        write(resp, status, json, true);
    }

    /** {@code withBody = false} for HEAD: same headers, no body. */
    public static void write(HttpServletResponse resp, int status, String json, boolean withBody) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setContentLength(bytes.length);
        if (withBody) {
            try (OutputStream out = resp.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    public static void write(HttpServletResponse resp, int status, ObjectMapper mapper, JsonNode body)
            throws IOException {
        write(resp, status, mapper.writeValueAsString(body));
    }

    /**
     * Reads and discards what is left of the request body. Call before answering a request whose body was not read (an
     * early error): otherwise the server must close the connection, and a keep-alive client that already reuses it gets
     * no answer at all.
     */
    public static void drain(HttpServletRequest req) {
        try {
            InputStream in = req.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException | IllegalStateException e) {
            // Nothing more to read, or already read as characters: either way the body is gone.
        }
    }

    /** A status without a body (e.g. 204). */
    public static void empty(HttpServletResponse resp, int status) {
        resp.setStatus(status);
        resp.setContentLength(0);
    }
}
