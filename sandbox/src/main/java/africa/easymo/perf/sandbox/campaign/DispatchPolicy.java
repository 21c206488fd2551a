package africa.easymo.perf.sandbox.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides each target's outcome: opted out, inside quiet hours, or handed to WhatsApp. Without a {@code sandbox} block
 * the message is queued for the real WABA; with one, the WABA sandbox "sends" it at once ({@code wa-…} message id)
 * unless its per-number limit or an injected WhatsApp rate-limit error stops it.
 */
final class DispatchPolicy {
    /**
     * WhatsApp Cloud API's "rate limit hit" error, in the contract's {@code wa_<code>} form.
     */
    static final String WABA_RATE_LIMIT_ERROR = "wa_130429";

    private final CampaignSettings settings;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, SlidingWindowLimiter> wabaNumbers = new ConcurrentHashMap<>();

    DispatchPolicy(CampaignSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Outcomes in the order of the request's targets (attempt 1; the store sets the real attempt). */
    List<TargetOutcome> decide(DispatchRequest request, Instant now) {
        boolean quiet = settings.quietHours() != null && settings.quietHours().contains(now);
        SlidingWindowLimiter channel = request.wabaSandbox() && settings.wabaMessagesPerMinute() > 0
                ? wabaNumbers.computeIfAbsent(request.wabaNumber(),
                        n -> new SlidingWindowLimiter(settings.wabaMessagesPerMinute(), 1, TimeUnit.MINUTES, nanoTime))
                : null;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<TargetOutcome> out = new ArrayList<>(request.targets().size());
        for (String msisdn : request.targets()) {
            if (settings.optOuts().contains(msisdn)) {
                out.add(blocked(msisdn, TargetOutcome.OPT_OUT, null));
            } else if (quiet) {
                out.add(blocked(msisdn, TargetOutcome.QUIET_HOURS, null));
            } else if (!request.wabaSandbox()) {
                out.add(new TargetOutcome(msisdn, TargetOutcome.QUEUED, null, null, null, 1));
            } else if (channel != null && !channel.tryAcquire(1).granted()) {
                out.add(blocked(msisdn, TargetOutcome.THROTTLED, WABA_RATE_LIMIT_ERROR));
            } else if (settings.wabaThrottleShare() > 0 && random.nextDouble() < settings.wabaThrottleShare()) {
                out.add(blocked(msisdn, TargetOutcome.THROTTLED, WABA_RATE_LIMIT_ERROR));
            } else {
                out.add(new TargetOutcome(msisdn, TargetOutcome.SENT, null, messageId(random), null, 1));
            }
        }
        return out;
    }

    private static TargetOutcome blocked(String msisdn, String reason, String errorCode) {
        return new TargetOutcome(msisdn, TargetOutcome.POLICY_BLOCKED, reason, null, errorCode, 1);
    }

    /** WhatsApp-like message id: {@code wa-} and 24 hex digits. */
    private static String messageId(ThreadLocalRandom random) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "wa-" + HexFormat.of().formatHex(b);
    }
}
