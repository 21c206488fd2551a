package africa.easymo.perf.journeys.redeem;

/** One voucher handed to one arrival: which voucher, at which station. */
record RedeemClaim(RedeemStation station, String voucherId, String voucherCode) {
    /** {@code {voucherId, stationId, operator}}: ids are validated UUIDs and the operator JSON is pre-encoded. */
    String idBody() {
        return new StringBuilder(160 + station.operatorJson.length()).append("{\"voucherId\":\"").append(voucherId)
                .append("\",\"stationId\":\"").append(station.stationId).append("\",\"operator\":")
                .append(station.operatorJson).append('}').toString();
    }

    /** The station app's shape, {@code {voucherCode, method: "code"}}. */
    String codeBody() {
        return "{\"voucherCode\":\"" + voucherCode + "\",\"method\":\"code\"}";
    }
}
