package africa.easymo.perf.sandbox.redeem;

import africa.easymo.perf.sandbox.SandboxContext;
import africa.easymo.perf.sandbox.http.JsonResponses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Station redeem, {@code POST /redeem} (the contract in docs/contracts.md): body {@code {voucherId, stationId,
 * operator}} or {@code {voucherCode, method}}, a non-blank {@code Bearer} station token (401 otherwise; not otherwise
 * validated).
 *
 * <p>
 * The redeem is one SQL statement, so one database round trip and one transaction: a conditional {@code UPDATE …
 * WHERE status = 'issued'} and the {@code voucher_events} insert fed by its {@code RETURNING}. Under READ COMMITTED the
 * second of two concurrent updates re-checks the condition after the first commits and updates nothing, so exactly one
 * of them wins; the loser sees no updated row while its snapshot still says {@code issued}, which is how it knows it
 * lost the race ({@code 409 already_redeemed}).
 */
public class StationRedeemServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(StationRedeemServlet.class);
    private static final Pattern UUID_PATTERN = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern CODE_PATTERN = Pattern.compile("^[A-Za-z0-9]{5}$");
    private static final int MAX_BODY = 16 * 1024;

    private static final String REDEEM_SQL = """
            with target as (
                select id, status, station_scope, expires_at from public.vouchers where %s
            ), upd as (
                update public.vouchers v
                   set status = 'redeemed', redeemed_at = now(), updated_at = now(),
                       redeemed_by_station_id = coalesce(?::uuid, t.station_scope)
                  from target t
                 where v.id = t.id and v.status = 'issued'
                   and (t.expires_at is null or t.expires_at > now())
                   and (t.station_scope is null or ?::uuid is null or t.station_scope = ?::uuid)
                returning v.id, v.amount, v.currency, v.redeemed_at, v.redeemed_by_station_id
            ), ev as (
                insert into public.voucher_events (voucher_id, event_type, context)
                select u.id, 'redeemed', jsonb_build_object('stationId', u.redeemed_by_station_id,
                       'idempotencyKey', ?::text, 'operator', ?::jsonb, 'method', ?::text)
                  from upd u
                returning id
            )
            select t.id, t.status, t.station_scope, (t.expires_at is not null and t.expires_at <= now()) as expired,
                   u.amount, u.currency, u.redeemed_at, u.redeemed_by_station_id, (select id from ev limit 1) as event_id
              from target t left join upd u on u.id = t.id
            """;
    private static final String BY_ID = String.format(Locale.ROOT, REDEEM_SQL, "id = ?::uuid");
    private static final String BY_CODE = String.format(Locale.ROOT, REDEEM_SQL, "code5 = upper(?)");

    private final transient SandboxContext context;

    public StationRedeemServlet(SandboxContext context) {
        this.context = context;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            JsonResponses.drain(req);
            resp.setHeader("Allow", "POST");
            answer(resp, 405, "method_not_allowed", "use POST", false);
            return;
        }
        if (bearerToken(req) == null) {
            JsonResponses.drain(req);
            answer(resp, 401, "unauthorized", "a non-blank Bearer station token is required", false);
            return;
        }
        ObjectMapper mapper = context.objectMapper();
        JsonNode body;
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                answer(resp, 413, "invalid_payload", "body larger than " + MAX_BODY + " bytes", false);
                return;
            }
            body = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            answer(resp, 400, "invalid_payload", "body is not JSON", false);
            return;
        }
        if (body == null || !body.isObject()) {
            answer(resp, 400, "invalid_payload", "body must be a JSON object", false);
            return;
        }
        RedeemRequest r;
        try {
            r = RedeemRequest.parse(body, req.getHeader("Idempotency-Key"));
        } catch (IllegalArgumentException e) {
            answer(resp, 400, "invalid_payload", e.getMessage(), false);
            return;
        }
        try {
            redeem(r, resp, mapper);
        } catch (SQLException e) {
            log.warn("redeem of {} failed in the database: {}", r.key(), e.getMessage());
            answer(resp, 503, "unavailable", "database error, retry later", true);
        }
    }

    private void redeem(RedeemRequest r, HttpServletResponse resp, ObjectMapper mapper)
            throws SQLException, IOException {
        try (Connection c = context.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(r.voucherId() != null ? BY_ID : BY_CODE)) {
            int i = 1;
            ps.setString(i++, r.voucherId() != null ? r.voucherId() : r.voucherCode());
            ps.setString(i++, r.stationId());
            ps.setString(i++, r.stationId());
            ps.setString(i++, r.stationId());
            ps.setString(i++, r.idempotencyKey());
            ps.setString(i++, r.operatorJson());
            ps.setString(i, r.method());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    answer(resp, 404, "not_found", "no voucher " + r.key(), false);
                    return;
                }
                String id = rs.getString("id");
                if (rs.getString("event_id") != null) {
                    ObjectNode ok = mapper.createObjectNode();
                    ok.put("status", "redeemed");
                    ok.put("voucherId", id);
                    ok.put("amount", rs.getBigDecimal("amount"));
                    ok.put("currency", rs.getString("currency"));
                    ok.put("redeemedAt",
                            rs.getObject("redeemed_at", OffsetDateTime.class).format(DateTimeFormatter.ISO_INSTANT));
                    ok.put("stationId", rs.getString("redeemed_by_station_id"));
                    ok.put("reference", "RDM-" + rs.getString("event_id").substring(0, 8).toUpperCase(Locale.ROOT));
                    JsonResponses.write(resp, 200, mapper, ok);
                    return;
                }
                String status = rs.getString("status");
                String scope = rs.getString("station_scope");
                if (scope != null && r.stationId() != null && !scope.equalsIgnoreCase(r.stationId())) {
                    answer(resp, 403, "invalid_station", "voucher " + id + " is not redeemable at this station", false);
                } else if ("redeemed".equals(status) || "issued".equals(status) && !rs.getBoolean("expired")) {
                    // "issued" here means a concurrent redeem committed after this statement's snapshot.
                    answer(resp, 409, "already_redeemed", "voucher " + id + " was already redeemed", false);
                } else if ("expired".equals(status) || rs.getBoolean("expired")) {
                    answer(resp, 409, "expired", "voucher " + id + " has expired", false);
                } else if ("void".equals(status) || "cancelled".equals(status)) {
                    answer(resp, 409, "void", "voucher " + id + " is " + status, false);
                } else {
                    answer(resp, 409, status, "voucher " + id + " is " + status + ", not issued", false);
                }
            }
        }
    }

    private static void answer(HttpServletResponse resp, int code, String status, String message, boolean retryable)
            throws IOException {
        JsonResponses.write(resp, code, "{\"status\":\"" + status + "\",\"message\":\"" + jsonEscape(message)
                + "\",\"retryable\":" + retryable + "}");
    }

    /** A Bearer token from Authorization, or from whichever header a deployment chose (PERF_STATION_AUTH_HEADER). */
    static String bearerToken(HttpServletRequest req) {
        String v = req.getHeader("Authorization");
        String t = bearer(v);
        if (t != null) {
            return t;
        }
        Enumeration<String> names = req.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            t = bearer(req.getHeader(names.nextElement()));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String bearer(String v) {
        if (v == null || v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = v.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            switch (ch) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            default -> {
                if (ch < 0x20) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            }
        }
        return b.toString();
    }

    SandboxContext context() {
        return context;
    }

    /** A validated redeem request, in either of the two body shapes. */
    record RedeemRequest(String voucherId, String voucherCode, String stationId, String operatorJson, String method,
            String idempotencyKey) {
        static RedeemRequest parse(JsonNode body, String idempotencyKey) {
            String voucherId = text(body, "voucherId");
            String voucherCode = text(body, "voucherCode");
            String stationId = text(body, "stationId");
            if (voucherId == null && voucherCode == null) {
                throw new IllegalArgumentException("voucherId or voucherCode is required");
            }
            if (voucherId != null && !UUID_PATTERN.matcher(voucherId).matches()) {
                throw new IllegalArgumentException("voucherId is not a UUID");
            }
            if (voucherId == null && !CODE_PATTERN.matcher(voucherCode).matches()) {
                throw new IllegalArgumentException("voucherCode must be 5 characters [A-Z0-9]");
            }
            if (stationId != null && !UUID_PATTERN.matcher(stationId).matches()) {
                throw new IllegalArgumentException("stationId is not a UUID");
            }
            JsonNode op = body.get("operator");
            if (op != null && !op.isNull() && !op.isObject()) {
                throw new IllegalArgumentException("operator must be an object");
            }
            String method = text(body, "method");
            if (method != null && !method.equals("qr") && !method.equals("code")) {
                throw new IllegalArgumentException("method must be qr or code");
            }
            return new RedeemRequest(voucherId == null ? null : UUID.fromString(voucherId).toString(), voucherCode,
                    stationId == null ? null : UUID.fromString(stationId).toString(),
                    op == null || op.isNull() ? null : op.toString(),
                    method != null ? method : voucherId != null ? "id" : "code", idempotencyKey);
        }

        String key() {
            return voucherId != null ? voucherId : "with code " + voucherCode;
        }

        private static String text(JsonNode body, String field) {
            JsonNode n = body.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(field + " must be a non-blank string");
            }
            return n.asText().trim();
        }
    }
}
