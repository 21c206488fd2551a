package africa.easymo.perf.sandbox;

/** JSON rows of the easyMO tables for tests (ids chosen by the caller, values valid unless overridden). */
public final class Rows {
    private Rows() {
    }

    public static String uuid(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    public static String station(String id, String engencode) {
        return "{\"id\":\"" + id + "\",\"engencode\":\"" + engencode + "\",\"name\":\"Station " + engencode
                + "\",\"location_point\":\"SRID=4326;POINT(30.0619 -1.9441)\",\"city\":\"Kigali\"}";
    }

    public static String campaign(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Perf campaign\",\"type\":\"voucher\",\"status\":\"running\","
                + "\"template_id\":\"tpl_perf\",\"metadata\":{},\"payload\":{},\"target_audience\":{}}";
    }

    public static String voucher(String id, String code5, String stationId) {
        return "{\"id\":\"" + id + "\",\"code5\":\"" + code5 + "\",\"status\":\"issued\",\"amount\":1500.50,"
                + "\"amount_minor\":150050,\"currency\":\"RWF\",\"station_scope\":"
                + (stationId == null ? "null" : "\"" + stationId + "\"") + ",\"qr_payload\":\"EASYMO:" + code5
                + "\",\"whatsapp_e164\":\"+250780900001\",\"policy_number\":\"POL-1\"}";
    }

    public static String target(String id, String campaignId, String msisdn) {
        return "{\"id\":\"" + id + "\",\"campaign_id\":\"" + campaignId + "\",\"msisdn\":\"" + msisdn
                + "\",\"status\":\"queued\",\"personalized_vars\":{\"name\":\"Perf\"}}";
    }
}
