package africa.easymo.perf.lib.summary;

/** The station operator a redeem is made by. */
public record Operator(String msisdn, String displayName, String userId) {
}
