package africa.easymo.perf.sandbox.campaign;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * How the sandbox's campaign dispatcher ({@code POST /campaigns}) and its WABA stand-in behave. Immutable; start from
 * {@link #defaults()} and change with the {@code with…} methods.
 *
 * @param targetsPerMinute
 *            admission throttle: targets accepted over any 60 s window before batches are answered 429 with
 *            {@code Retry-After} (0 = unlimited)
 * @param optOuts
 *            MSISDNs that opted out: policy_blocked / opt_out
 * @param quietHours
 *            window in which every target is policy_blocked / quiet_hours, or {@code null}
 * @param wabaMessagesPerMinute
 *            WABA sandbox limit per sending number over any 60 s window (the contract assumes 250); messages over it
 *            are policy_blocked / throttled with a WhatsApp error code (0 = unlimited)
 * @param wabaThrottleShare
 *            share (0..1) of WABA sandbox sends answered by WhatsApp with a rate-limit error, reported per target as
 *            policy_blocked / throttled
 * @param lostAckShare
 *            share (0..1) of batches processed and committed whose answer is then lost (connection closed): the client
 *            must replay the same batchReference
 * @param maxBatchSize
 *            largest batch accepted (400 beyond)
 */
public record CampaignSettings(int targetsPerMinute, Set<String> optOuts, QuietHours quietHours,
        int wabaMessagesPerMinute, double wabaThrottleShare, double lostAckShare, int maxBatchSize) {

    /** Matches the plan's default {@code throttle.maxPerMinute}. */
    public static final int DEFAULT_TARGETS_PER_MINUTE = 600;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1000;

    public CampaignSettings {
        if (targetsPerMinute < 0) {
            throw new IllegalArgumentException("targetsPerMinute must be >= 0, was " + targetsPerMinute);
        }
        if (wabaMessagesPerMinute < 0) {
            throw new IllegalArgumentException("wabaMessagesPerMinute must be >= 0, was " + wabaMessagesPerMinute);
        }
        checkShare(wabaThrottleShare, "wabaThrottleShare");
        checkShare(lostAckShare, "lostAckShare");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
        }
        optOuts = Set.copyOf(Objects.requireNonNull(optOuts, "optOuts"));
    }

    /** 600 targets/min, no opt-outs, no quiet hours, WABA sandbox without limits or errors, no lost answers. */
    public static CampaignSettings defaults() {
        return new CampaignSettings(DEFAULT_TARGETS_PER_MINUTE, Set.of(), null, 0, 0.0, 0.0, DEFAULT_MAX_BATCH_SIZE);
    }

    public CampaignSettings withTargetsPerMinute(int perMinute) {
        return new CampaignSettings(perMinute, optOuts, quietHours, wabaMessagesPerMinute, wabaThrottleShare,
                lostAckShare, maxBatchSize);
    }

    public CampaignSettings withOptOuts(Collection<String> msisdns) {
        return new CampaignSettings(targetsPerMinute, Set.copyOf(msisdns), quietHours, wabaMessagesPerMinute,
                wabaThrottleShare, lostAckShare, maxBatchSize);
    }

    /** {@code null} turns quiet hours off. */
    public CampaignSettings withQuietHours(QuietHours hours) {
        return new CampaignSettings(targetsPerMinute, optOuts, hours, wabaMessagesPerMinute, wabaThrottleShare,
                lostAckShare, maxBatchSize);
    }

    public CampaignSettings withWabaMessagesPerMinute(int perMinute) {
        return new CampaignSettings(targetsPerMinute, optOuts, quietHours, perMinute, wabaThrottleShare, lostAckShare,
                maxBatchSize);
    }

    public CampaignSettings withWabaThrottleShare(double share) {
        return new CampaignSettings(targetsPerMinute, optOuts, quietHours, wabaMessagesPerMinute, share, lostAckShare,
                maxBatchSize);
    }

    public CampaignSettings withLostAckShare(double share) {
        return new CampaignSettings(targetsPerMinute, optOuts, quietHours, wabaMessagesPerMinute, wabaThrottleShare,
                share, maxBatchSize);
    }

    public CampaignSettings withMaxBatchSize(int size) {
        return new CampaignSettings(targetsPerMinute, optOuts, quietHours, wabaMessagesPerMinute, wabaThrottleShare,
                lostAckShare, size);
    }

    private static void checkShare(double share, String name) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(name + " must be 0..1, was " + share);
        }
    }

    @Override
    public String toString() {
        return "CampaignSettings[targetsPerMinute=" + targetsPerMinute + ", optOuts=" + optOuts.size() + ", quietHours="
                + quietHours + ", wabaMessagesPerMinute=" + wabaMessagesPerMinute + ", wabaThrottleShare="
                + wabaThrottleShare + ", lostAckShare=" + lostAckShare + ", maxBatchSize=" + maxBatchSize + "]";
    }
}
