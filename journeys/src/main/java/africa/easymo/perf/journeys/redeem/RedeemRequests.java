package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.core.Secret;
import africa.easymo.perf.http.HttpRequestSpec;
import africa.easymo.perf.lib.supabase.SupabaseKeyHeaders;

import java.net.URI;
import java.util.Map;

/** The redeem journey's requests: a redeem at a station, and the read-back of a voucher through Supabase REST. */
final class RedeemRequests {
    private final URI redeemUrl;
    private final String authHeader;
    private final URI supabaseUrl;
    private final Secret serviceKey;

    RedeemRequests(URI redeemUrl, String authHeader, URI supabaseUrl, Secret serviceKey) {
        this.redeemUrl = redeemUrl;
        this.authHeader = authHeader;
        this.supabaseUrl = supabaseUrl;
        this.serviceKey = serviceKey;
    }

    /**
     * @param byCode
     *            send the voucher's code instead of its id (when the seed summary has one)
     */
    HttpRequestSpec redeem(RedeemClaim claim, String idempotencyKey, boolean byCode) {
        return HttpRequestSpec.post(redeemUrl).withHeader(authHeader, claim.station().bearer)
                .withHeader("Idempotency-Key", idempotencyKey)
                .withJsonBody(byCode && claim.voucherCode() != null ? claim.codeBody() : claim.idBody());
    }

    HttpRequestSpec readback(RedeemClaim claim) {
        URI uri = URI.create(stripSlash(supabaseUrl.toString())
                + "/rest/v1/vouchers?select=id,status,redeemed_by_station_id&id=eq." + claim.voucherId());
        HttpRequestSpec req = HttpRequestSpec.get(uri);
        for (Map.Entry<String, String> h : SupabaseKeyHeaders.of(serviceKey).entrySet()) {
            req = req.withHeader(h.getKey(), h.getValue());
        }
        return req.withHeader("Accept", "application/json");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
