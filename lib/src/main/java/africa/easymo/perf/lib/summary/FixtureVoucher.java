package africa.easymo.perf.lib.summary;

/**
 * A fixture voucher with its seeded status, so a plan can pick e.g. an expired or already redeemed voucher for a
 * negative check without querying the target. {@code campaignId} may be null.
 */
public record FixtureVoucher(String voucherId, String code, String status, String stationScope, String campaignId) {
}
