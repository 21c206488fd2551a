package africa.easymo.perf.sandbox.preview;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.http.JsonResponses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Voucher preview, as easyMO's app exposes it, plus the documents it points at.
 *
 * <ul>
 * <li>{@code POST /api/vouchers/preview} with {@code x-bridge-secret} and {@code x-idempotency-key}: 200
 * {@code {voucherId, imageUrl, pdfUrl, expiresAt, integration: {status: "ok", target: "voucher_preview"}}}. The voucher
 * must exist ({@code 404 not_found} otherwise) and the body's code, amount and currency must be its own
 * ({@code 400 invalid_payload} naming the field otherwise), so a preview is always of a real voucher; the documents are
 * drawn from the database row, and {@code expiresAt} is the voucher's expiry. A malformed body is
 * {@code 400 invalid_payload}; a missing or wrong bridge secret {@code 401 unauthorized}; the bridge down (fault)
 * {@code 503} with {@code integration.status = "degraded"}.</li>
 * <li>{@code GET /documents/vouchers/<voucherId>/card.png|card.pdf} (and the damaged variants the faults point at): the
 * rendered documents, from a bounded cache.</li>
 * <li>{@code /__sandbox/preview/faults} (GET, POST a JSON object of switches, DELETE) and
 * {@code /__sandbox/preview/stats} (GET, DELETE): test controls, see {@link PreviewFaults} and {@link PreviewStats}.
 * </li>
 * </ul>
 */
public class VoucherPreviewServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PREVIEW_PATH = "/api/vouchers/preview";
    static final String DOCUMENTS_PATH = "/documents";
    static final String ADMIN_PATH = "/__sandbox/preview";
    private static final String TARGET = "voucher_preview";
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final transient SandboxContext context;
    private final transient PreviewJourney journey;
    private final transient VoucherLookup lookup;

    public VoucherPreviewServlet(SandboxContext context) {
        this.context = context;
        this.journey = PreviewJourney.of(context);
        this.lookup = new VoucherLookup(context.dataSource());
    }

    SandboxContext context() {
        return context;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String servletPath = req.getServletPath();
        if (PREVIEW_PATH.equals(servletPath)) {
            preview(req, resp);
        } else if (ADMIN_PATH.equals(servletPath)) {
            adminPost(req, resp);
        } else {
            notAllowed(req, resp, "GET, HEAD");
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String servletPath = req.getServletPath();
        if (DOCUMENTS_PATH.equals(servletPath)) {
            document(req, resp);
        } else if (ADMIN_PATH.equals(servletPath)) {
            adminGet(req, resp);
        } else {
            notAllowed(req, resp, "POST");
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!ADMIN_PATH.equals(req.getServletPath())) {
            notAllowed(req, resp, PREVIEW_PATH.equals(req.getServletPath()) ? "POST" : "GET, HEAD");
            return;
        }
        switch (adminRoute(req)) {
        case "/faults" -> journey.faults().clear();
        case "/stats" -> journey.stats().reset();
        case "/cache" -> journey.clearCache();
        default -> {
            adminNotFound(resp);
            return;
        }
        }
        JsonResponses.empty(resp, 204);
    }

    // ---- POST /api/vouchers/preview ----

    private void preview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectMapper om = context.objectMapper();
        if (!bridgeSecretMatches(req.getHeader("x-bridge-secret"))) {
            journey.stats().countUnauthorized();
            JsonResponses.drain(req);
            JsonResponses.write(resp, 401, om, error(om, "unauthorized", "x-bridge-secret is missing or wrong"));
            return;
        }
        PreviewRequest request;
        try {
            String key = req.getHeader("x-idempotency-key");
            if (key == null || key.isBlank()) {
                throw new InvalidPreviewPayloadException("x-idempotency-key: required header");
            }
            if (key.length() > MAX_IDEMPOTENCY_KEY) {
                throw new InvalidPreviewPayloadException("x-idempotency-key: longer than " + MAX_IDEMPOTENCY_KEY);
            }
            request = PreviewRequest.parse(readJson(req, om));
            if (journey.repeatedKey(key)) {
                journey.stats().countRepeatedIdempotencyKey();
            }
        } catch (InvalidPreviewPayloadException e) {
            journey.stats().countInvalidPayload();
            JsonResponses.write(resp, 400, om, error(om, "invalid_payload", e.getMessage()));
            return;
        }

        VoucherFacts voucher;
        try {
            Optional<VoucherFacts> found = lookup.find(request.voucherId());
            if (found.isEmpty()) {
                journey.stats().countUnknownVoucher();
                JsonResponses.write(resp, 404, om,
                        error(om, "not_found", "voucher " + request.voucherId() + " does not exist"));
                return;
            }
            voucher = found.get();
        } catch (SQLException e) {
            JsonResponses.write(resp, 500, om, error(om, "internal", "voucher lookup failed: " + e.getMessage()));
            return;
        }
        String mismatch = mismatch(request, voucher);
        if (mismatch != null) {
            journey.stats().countInvalidPayload();
            JsonResponses.write(resp, 400, om, error(om, "invalid_payload", mismatch));
            return;
        }

        PreviewVariant variant = journey.faults().draw();
        if (variant.degraded()) {
            journey.stats().countDegraded();
            ObjectNode body = om.createObjectNode();
            ObjectNode integration = body.putObject("integration");
            integration.put("status", "degraded");
            integration.put("target", TARGET);
            integration.put("message", "voucher renderer bridge unavailable (sandbox fault)");
            JsonResponses.write(resp, 503, om, body);
            return;
        }
        long slow = journey.faults().slowRenderMillis();
        if (slow > 0) {
            sleep(slow);
        }
        try {
            // Drawn now (or found in the cache), so the URLs answered point at documents that exist.
            journey.card(voucher, variant.foreignQr());
            journey.pdf(voucher);
        } catch (RuntimeException e) {
            JsonResponses.write(resp, 500, om, error(om, "internal", "rendering failed: " + e));
            return;
        }
        journey.stats().countPreview(variant);

        String base = baseUrl(req) + DOCUMENTS_PATH + "/vouchers/" + voucher.id() + "/";
        ObjectNode body = om.createObjectNode();
        body.put("voucherId", voucher.id().toString());
        body.put("imageUrl", base + variant.imageName());
        body.put("pdfUrl", base + variant.pdfName());
        if (voucher.expiresAt() == null) {
            body.putNull("expiresAt");
        } else {
            body.put("expiresAt", voucher.expiresAt().toInstant().toString());
        }
        ObjectNode integration = body.putObject("integration");
        integration.put("status", "ok");
        integration.put("target", TARGET);
        JsonResponses.write(resp, 200, om, body);
    }

    /** The first fact of the body that is not the voucher's own, or null. */
    private static String mismatch(PreviewRequest r, VoucherFacts v) {
        if (!r.code().equals(v.code())) {
            return "code: \"" + r.code() + "\" is not the code of voucher " + v.id();
        }
        if (r.amount().compareTo(v.amount()) != 0) {
            return "amount: " + r.amount().toPlainString() + " is not the amount of voucher " + v.id();
        }
        if (!r.currency().equals(v.currency())) {
            return "currency: " + r.currency() + " is not the currency of voucher " + v.id();
        }
        return null;
    }

    private boolean bridgeSecretMatches(String given) {
        if (given == null) {
            return false;
        }
        byte[] expected = context.config().bridgeSharedSecret().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readJson(HttpServletRequest req, ObjectMapper om) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new InvalidPreviewPayloadException("body larger than " + MAX_BODY + " bytes");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new InvalidPreviewPayloadException("body larger than " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            throw new InvalidPreviewPayloadException("body is empty");
        }
        try {
            return om.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidPreviewPayloadException("body is not JSON: " + e.getOriginalMessage());
        }
    }

    // ---- GET /documents/vouchers/<id>/<name> ----

    private void document(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] parts = req.getPathInfo() == null ? new String[0] : req.getPathInfo().split("/");
        // "", "vouchers", "<uuid>", "<name>"
        if (parts.length != 4 || !parts[1].equals("vouchers")) {
            documentNotFound(resp, "no such document");
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(parts[2]);
        } catch (IllegalArgumentException e) {
            documentNotFound(resp, "no such document");
            return;
        }
        String name = parts[3];
        PreviewDocumentCache.Kind kind;
        boolean corrupt = false;
        boolean truncate = false;
        switch (name) {
        case "card.png" -> kind = PreviewDocumentCache.Kind.CARD_PNG;
        case "card-corrupt.png" -> {
            kind = PreviewDocumentCache.Kind.CARD_PNG;
            corrupt = true;
        }
        case "card-foreign-qr.png" -> kind = PreviewDocumentCache.Kind.CARD_PNG_FOREIGN_QR;
        case "card-foreign-qr-corrupt.png" -> {
            kind = PreviewDocumentCache.Kind.CARD_PNG_FOREIGN_QR;
            corrupt = true;
        }
        case "card.pdf" -> kind = PreviewDocumentCache.Kind.CARD_PDF;
        case "card-truncated.pdf" -> {
            kind = PreviewDocumentCache.Kind.CARD_PDF;
            truncate = true;
        }
        default -> {
            documentNotFound(resp, "no such document");
            return;
        }
        }
        byte[] doc;
        Optional<byte[]> cached = journey.cache().peek(id, kind);
        if (cached.isPresent()) {
            doc = cached.get();
        } else {
            // Evicted, or asked before any preview: draw it from the database row like a preview would.
            Optional<VoucherFacts> v;
            try {
                v = lookup.find(id);
            } catch (SQLException e) {
                ObjectMapper om = context.objectMapper();
                JsonResponses.write(resp, 500, om, error(om, "internal", "voucher lookup failed: " + e.getMessage()));
                return;
            }
            if (v.isEmpty()) {
                documentNotFound(resp, "voucher " + id + " does not exist");
                return;
            }
            doc = switch (kind) {
            case CARD_PNG -> journey.card(v.get(), false);
            case CARD_PNG_FOREIGN_QR -> journey.card(v.get(), true);
            case CARD_PDF -> journey.pdf(v.get());
            };
        }
        String contentType;
        if (kind == PreviewDocumentCache.Kind.CARD_PDF) {
            contentType = "application/pdf";
            journey.stats().countPdfServed();
            if (truncate) {
                doc = DocumentDamage.truncatePdf(doc);
            }
        } else {
            contentType = "image/png";
            journey.stats().countImageServed();
            if (corrupt) {
                doc = DocumentDamage.corruptPng(doc);
            }
        }
        resp.setStatus(200);
        resp.setContentType(contentType);
        resp.setContentLength(doc.length);
        resp.setHeader("Cache-Control", "private, max-age=600");
        try (OutputStream out = resp.getOutputStream()) {
            out.write(doc);
        }
    }

    private void documentNotFound(HttpServletResponse resp, String message) throws IOException {
        ObjectMapper om = context.objectMapper();
        JsonResponses.write(resp, 404, om, error(om, "not_found", message));
    }

    // ---- /__sandbox/preview/* ----

    private void adminGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectMapper om = context.objectMapper();
        switch (adminRoute(req)) {
        case "/faults" -> JsonResponses.write(resp, 200, om.writeValueAsString(journey.faults().asMap()));
        case "/stats" -> {
            ObjectNode n = om.valueToTree(journey.stats().asMap());
            n.put("cachedDocuments", journey.cachedDocuments());
            JsonResponses.write(resp, 200, om, n);
        }
        default -> adminNotFound(resp);
        }
    }

    private void adminPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectMapper om = context.objectMapper();
        if (!"/faults".equals(adminRoute(req))) {
            adminNotFound(resp);
            return;
        }
        Map<String, Object> settings;
        try (InputStream in = req.getInputStream()) {
            settings = om.readValue(in, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            JsonResponses.write(resp, 400, om, error(om, "bad_request",
                    "body must be a JSON object of fault switches: " + e.getOriginalMessage()));
            return;
        }
        try {
            journey.faults().apply(settings == null ? Map.of() : settings);
        } catch (IllegalArgumentException e) {
            JsonResponses.write(resp, 400, om, error(om, "bad_request", e.getMessage()));
            return;
        }
        JsonResponses.write(resp, 200, om.writeValueAsString(journey.faults().asMap()));
    }

    private static String adminRoute(HttpServletRequest req) {
        String p = req.getPathInfo();
        if (p == null) {
            return "/";
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static void adminNotFound(HttpServletResponse resp) throws IOException {
        JsonResponses.write(resp, 404,
                "{\"error\":\"not_found\",\"message\":\"no such preview admin route " + "(faults, stats, cache)\"}");
    }

    // ---- helpers ----

    /** The sandbox as the client reached it, so the document URLs work through whatever host name it used. */
    private String baseUrl(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank()) {
            return context.baseUrl().toString();
        }
        return req.getScheme() + "://" + host;
    }

    private static void notAllowed(HttpServletRequest req, HttpServletResponse resp, String allow) throws IOException {
        JsonResponses.drain(req);
        resp.setHeader("Allow", allow);
        JsonResponses.write(resp, 405, "{\"error\":\"method_not_allowed\",\"message\":\"allowed: " + allow + "\"}");
    }

    private static ObjectNode error(ObjectMapper om, String error, String message) {
        ObjectNode n = om.createObjectNode();
        n.put("error", error);
        n.put("message", message);
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
