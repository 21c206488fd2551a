package africa.easymo.perf.lib.summary;

import java.util.List;

/**
 * A station and its redeem pool: {@code voucherIds} (with {@code voucherCodes} at the same positions) are issued
 * vouchers scoped to this station, each meant to be redeemed once. {@code token} is the station's secret (null in
 * summaries of the old harness).
 */
public record StationRedeemPayload(String stationId, String stationCode, Operator operator, List<String> voucherIds,
        List<String> voucherCodes, String token) {
    public StationRedeemPayload {
        voucherIds = List.copyOf(voucherIds);
        voucherCodes = List.copyOf(voucherCodes);
    }

    /** Hides the token, which is a secret. */
    @Override
    public String toString() {
        return "StationRedeemPayload[stationId=" + stationId + ", stationCode=" + stationCode + ", operator=" + operator
                + ", vouchers=" + voucherIds.size() + ", token=" + (token == null ? "null" : "***") + "]";
    }
}
