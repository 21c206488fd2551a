package africa.easymo.perf.sandbox.http;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.faults.FaultRule;
import africa.easymo.perf.sandbox.faults.FaultRuleJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code /__sandbox/*}: test controls. {@code GET/POST/DELETE /faults[/<id>]}, {@code GET/DELETE /stats},
 * {@code POST /reset[?data=true]}, {@code GET /health}. Loopback only and unauthenticated, like a local dev server.
 */
public final class SandboxAdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SandboxContext context;
    private final transient Consumer<Connection> dataReset;

    /**
     * @param dataReset
     *            empties the sandbox data on {@code POST /reset?data=true} (given a connection)
     */
    public SandboxAdminServlet(SandboxContext context, Consumer<Connection> dataReset) {
        this.context = context;
        this.dataReset = dataReset;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        ObjectMapper om = context.objectMapper();
        switch (path) {
        case "/stats" -> JsonResponses.write(resp, 200, om, stats(om));
        case "/faults" -> JsonResponses.write(resp, 200, om, faults(om, context.faults().rules()));
        case "/health" -> JsonResponses.write(resp, 200, "{\"status\":\"ok\"}");
        default -> notFound(req, resp);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        ObjectMapper om = context.objectMapper();
        if (path.equals("/faults")) {
            List<FaultRule> parsed = new ArrayList<>();
            try {
                JsonNode body = om.readTree(req.getInputStream());
                if (body != null && body.isObject() && body.has("rules")) {
                    body = body.get("rules");
                }
                if (body != null && body.isArray()) {
                    for (JsonNode n : body) {
                        parsed.add(FaultRuleJson.parse(n));
                    }
                } else {
                    parsed.add(FaultRuleJson.parse(body));
                }
            } catch (JsonProcessingException e) {
                JsonResponses.write(resp, 400, om, error(om, "invalid JSON: " + e.getOriginalMessage()));
                return;
            } catch (IllegalArgumentException e) {
                JsonResponses.write(resp, 400, om, error(om, e.getMessage()));
                return;
            }
            parsed.forEach(context.faults()::add);
            JsonResponses.write(resp, 201, om, faults(om, parsed));
        } else if (path.equals("/reset")) {
            context.faults().clear();
            context.stats().reset();
            boolean data = "true".equalsIgnoreCase(req.getParameter("data"));
            if (data) {
                try (Connection c = context.dataSource().getConnection()) {
                    dataReset.accept(c);
                } catch (SQLException | RuntimeException e) {
                    JsonResponses.write(resp, 500, om, error(om, "data reset failed: " + e.getMessage()));
                    return;
                }
            }
            JsonResponses.write(resp, 200, "{\"reset\":true,\"data\":" + data + "}");
        } else {
            notFound(req, resp);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        if (path.equals("/faults")) {
            context.faults().clear();
            JsonResponses.empty(resp, 204);
        } else if (path.startsWith("/faults/")) {
            boolean removed = context.faults().remove(path.substring("/faults/".length()));
            if (removed) {
                JsonResponses.empty(resp, 204);
            } else {
                notFound(req, resp);
            }
        } else if (path.equals("/stats")) {
            context.stats().reset();
            JsonResponses.empty(resp, 204);
        } else {
            notFound(req, resp);
        }
    }

    /** Empties every table of the given schemas; used by {@code POST /__sandbox/reset?data=true}. */
    public static void truncateAll(Connection c, List<String> qualifiedTables) {
        if (qualifiedTables.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("truncate " + String.join(", ", qualifiedTables) + " restart identity cascade");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private ObjectNode stats(ObjectMapper om) {
        ObjectNode n = om.createObjectNode();
        n.put("requests", context.stats().requests());
        n.put("connections", context.stats().connections());
        n.put("faultsInjected", context.stats().faultsInjected());
        return n;
    }

    private static ArrayNode faults(ObjectMapper om, List<FaultRule> rules) {
        ArrayNode a = om.createArrayNode();
        rules.forEach(r -> a.add(FaultRuleJson.toJson(om, r)));
        return a;
    }

    private static ObjectNode error(ObjectMapper om, String message) {
        ObjectNode n = om.createObjectNode();
        n.put("error", "bad_request");
        n.put("message", message);
        return n;
    }

    private static void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonResponses.drain(req);
        JsonResponses.write(resp, 404, "{\"error\":\"not_found\",\"message\":\"no such sandbox admin route\"}");
    }

    private static String path(HttpServletRequest req) {
        String p = req.getPathInfo();
        if (p == null || p.isEmpty()) {
            return "/";
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
