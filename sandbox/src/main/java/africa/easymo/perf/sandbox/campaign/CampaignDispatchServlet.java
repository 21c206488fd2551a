package africa.easymo.perf.sandbox.campaign;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.http.JsonResponses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * easyMO's campaign dispatcher as the contract defines it ({@code POST /campaigns}, also {@code /campaigns/dispatch}):
 * checks {@code x-bridge-secret} (401 {@code {ok:false,error:"unauthorized"}}), throttles by targets per minute (429
 * with {@code Retry-After}), answers a batchReference seen before as a replay (200, {@code replay:true}, nothing sent
 * again), and otherwise dispatches the batch in one transaction (202 with one outcome per target). Settings:
 * {@link CampaignSettings} in {@code SandboxConfig}; generic faults (429/5xx shares, dropped connections) come from the
 * sandbox's fault rules on the {@code /campaigns} prefix.
 */
public class CampaignDispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CampaignDispatchServlet.class);
    private static final int MAX_BODY_BYTES = 4 << 20;

    private final transient SandboxContext context;
    private final transient CampaignSettings settings;
    private final transient CampaignDispatchStore store;
    private final transient DispatchPolicy policy;
    private final transient SlidingWindowLimiter admission;
    private final transient byte[] bridgeSecret;

    public CampaignDispatchServlet(SandboxContext context) {
        this.context = context;
        this.settings = context.config().campaign();
        this.store = new CampaignDispatchStore(context.dataSource(), context.objectMapper());
        this.policy = new DispatchPolicy(settings, System::nanoTime);
        this.admission = settings.targetsPerMinute() > 0
                ? new SlidingWindowLimiter(settings.targetsPerMinute(), 1, TimeUnit.MINUTES, System::nanoTime) : null;
        this.bridgeSecret = context.config().bridgeSharedSecret().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sub = req.getPathInfo();
        if (sub != null && !sub.equals("/") && !sub.equals("/dispatch")) {
            error(resp, 404, "not_found", "no such route: " + req.getRequestURI());
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            JsonResponses.drain(req);
            resp.setHeader("Allow", "POST");
            error(resp, 405, "method_not_allowed", "use POST");
            return;
        }
        if (!bridgeSecretMatches(req.getHeader("x-bridge-secret"))) {
            JsonResponses.drain(req);
            error(resp, 401, "unauthorized", null);
            return;
        }
        ObjectMapper om = context.objectMapper();
        DispatchRequest request;
        try {
            request = DispatchRequest.parse(readJson(req, om), settings.maxBatchSize());
        } catch (InvalidDispatchException e) {
            error(resp, e.status(), e.error(), e.getMessage());
            return;
        }
        dispatch(request, req, resp);
    }

    private void dispatch(DispatchRequest request, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        SlidingWindowLimiter.Decision grant = null;
        try {
            if (admission != null) {
                grant = admission.tryAcquire(request.targets().size());
                // A replay sends nothing, so it is answered even when the window is full.
                if (!grant.granted() && store.storedAnswer(request.batchReference()) == null) {
                    throttled(resp, request, grant.retryAfterSeconds());
                    return;
                }
            }
            Instant now = Instant.now();
            DispatchResult result = store.dispatch(request, () -> policy.decide(request, now),
                    outcomes -> answer(request, now, outcomes));
            if (result instanceof DispatchResult.Replay replay) {
                release(grant);
                ObjectNode body = replay.storedResponse().deepCopy();
                body.put("replay", true);
                JsonResponses.write(resp, 200, context.objectMapper(), body);
                return;
            }
            DispatchResult.Accepted accepted = (DispatchResult.Accepted) result;
            if (settings.lostAckShare() > 0 && ThreadLocalRandom.current().nextDouble() < settings.lostAckShare()) {
                loseAnswer(req, request);
                return;
            }
            JsonResponses.write(resp, 202, context.objectMapper(), accepted.response());
        } catch (InvalidDispatchException e) {
            release(grant);
            error(resp, e.status(), e.error(), e.getMessage());
        } catch (SQLException e) {
            release(grant);
            String state = e.getSQLState();
            if ("40P01".equals(state) || "40001".equals(state)) {
                resp.setHeader("Retry-After", "1");
                error(resp, 503, "busy", "the dispatcher is busy, retry the same batchReference");
            } else {
                log.warn("campaign dispatch of {} failed: {}", request, e.toString());
                error(resp, 500, "internal", "dispatch failed: " + e.getMessage());
            }
        }
    }

    private void release(SlidingWindowLimiter.Decision grant) {
        if (grant != null && grant.granted()) {
            admission.release(grant.grant());
        }
    }

    private void throttled(HttpServletResponse resp, DispatchRequest request, long retryAfterSeconds)
            throws IOException {
        resp.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        ObjectNode body = context.objectMapper().createObjectNode();
        body.put("ok", false);
        body.put("error", "throttled");
        body.put("message", "over the dispatcher throttle of " + settings.targetsPerMinute()
                + " targets/min; retry batch " + request.batchReference() + " after " + retryAfterSeconds + " s");
        body.put("retryAfterSeconds", retryAfterSeconds);
        JsonResponses.write(resp, 429, context.objectMapper(), body);
    }

    /** The batch is committed but the client never hears so: it must replay the same batchReference. */
    private void loseAnswer(HttpServletRequest req, DispatchRequest request) {
        context.stats().recordFault();
        log.debug("campaign dispatch: answer of {} lost on purpose", request.batchReference());
        ServletContextRequest scr = ServletContextRequest.getServletContextRequest(req);
        if (scr != null) {
            scr.getConnectionMetaData().getConnection().getEndPoint().close();
        }
    }

    private JsonNode answer(DispatchRequest request, Instant now, List<TargetOutcome> outcomes) {
        ObjectNode body = context.objectMapper().createObjectNode();
        body.put("ok", true);
        body.put("replay", false);
        body.put("campaignId", request.campaignId().toString());
        body.put("batchReference", request.batchReference());
        body.put("receivedAt", now.toString());
        body.put("accepted", outcomes.size());
        body.put("channel", request.wabaSandbox() ? "waba_sandbox" : "waba");
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        ObjectNode blocked = context.objectMapper().createObjectNode();
        blocked.put(TargetOutcome.OPT_OUT, 0);
        blocked.put(TargetOutcome.QUIET_HOURS, 0);
        blocked.put(TargetOutcome.THROTTLED, 0);
        ArrayNode list = context.objectMapper().createArrayNode();
        for (TargetOutcome o : outcomes) {
            counts.merge(Status.of(o.status()), 1, Integer::sum);
            ObjectNode n = list.addObject();
            n.put("msisdn", o.msisdn());
            n.put("status", o.status());
            if (o.reason() != null) {
                n.put("reason", o.reason());
                blocked.put(o.reason(), blocked.path(o.reason()).asInt() + 1);
            }
            if (o.messageId() != null) {
                n.put("messageId", o.messageId());
            }
            if (o.errorCode() != null) {
                n.put("errorCode", o.errorCode());
            }
            n.put("attempt", o.attempt());
        }
        ObjectNode c = context.objectMapper().createObjectNode();
        counts.forEach((s, n) -> c.put(s.json, n));
        body.set("counts", c);
        body.set("blocked", blocked);
        if (request.maxPerMinute() != null || request.maxInflight() != null) {
            ObjectNode t = body.putObject("throttle");
            if (request.maxPerMinute() != null) {
                t.put("maxPerMinute", request.maxPerMinute());
            }
            if (request.maxInflight() != null) {
                t.put("maxInflight", request.maxInflight());
            }
        }
        // Last: it is long, and a reader of a log line wants the summary first.
        body.set("outcomes", list);
        return body;
    }

    private boolean bridgeSecretMatches(String given) {
        return given != null && MessageDigest.isEqual(bridgeSecret, given.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readJson(HttpServletRequest req, ObjectMapper om) throws InvalidDispatchException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new InvalidDispatchException(413, "payload_too_large",
                        "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return om.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw InvalidDispatchException.payload("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidDispatchException.payload("body could not be read: " + e.getMessage());
        }
    }

    private void error(HttpServletResponse resp, int status, String error, String message) throws IOException {
        ObjectNode body = context.objectMapper().createObjectNode();
        body.put("ok", false);
        body.put("error", error);
        if (message != null) {
            body.put("message", message);
        }
        JsonResponses.write(resp, status, context.objectMapper(), body);
    }

    SandboxContext context() {
        return context;
    }

    private enum Status {
        QUEUED(TargetOutcome.QUEUED), SENT(TargetOutcome.SENT), POLICY_BLOCKED(TargetOutcome.POLICY_BLOCKED);

        private final String json;

        Status(String json) {
            this.json = json;
        }

        static Status of(String json) {
            for (Status s : values()) {
                if (s.json.equals(json)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(json);
        }
    }
}
