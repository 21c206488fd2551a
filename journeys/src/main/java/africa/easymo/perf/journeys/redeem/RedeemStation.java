package africa.easymo.perf.journeys.redeem;

/**
 * One station of the redeem pool as the sampler needs it on every arrival: ids, the ready-made authorization value and
 * operator JSON (built once, not per request), and the station's own vouchers for this engine.
 */
final class RedeemStation {
    final int index;
    final String stationId;
    final String stationCode;
    final String bearer;
    final String operatorJson;
    final String[] voucherIds;
    final String[] voucherCodes;

    RedeemStation(int index, String stationId, String stationCode, String token, String operatorJson,
            String[] voucherIds, String[] voucherCodes) {
        this.index = index;
        this.stationId = stationId;
        this.stationCode = stationCode;
        this.bearer = "Bearer " + token;
        this.operatorJson = operatorJson;
        this.voucherIds = voucherIds;
        this.voucherCodes = voucherCodes;
    }

    @Override
    public String toString() {
        return "station " + stationCode + " (" + stationId + ")"; // never the token
    }
}
