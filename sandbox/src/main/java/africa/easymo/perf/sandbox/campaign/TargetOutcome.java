package africa.easymo.perf.sandbox.campaign;

/**
 * What the dispatcher did with one target of a batch.
 *
 * @param status
 *            {@code queued} (accepted for the real WABA), {@code sent} (WABA sandbox sent it) or {@code policy_blocked}
 * @param reason
 *            for policy_blocked: {@code opt_out}, {@code quiet_hours} or {@code throttled}; else {@code null}
 * @param messageId
 *            the WABA message id ({@code wa-…}) when sent
 * @param errorCode
 *            the WhatsApp error ({@code wa_<code>}) when WABA refused it
 * @param attempt
 *            1 for the first send of this target in its campaign; more means it was sent again
 */
record TargetOutcome(String msisdn, String status, String reason, String messageId, String errorCode, int attempt) {

    static final String QUEUED = "queued";
    static final String SENT = "sent";
    static final String POLICY_BLOCKED = "policy_blocked";

    static final String OPT_OUT = "opt_out";
    static final String QUIET_HOURS = "quiet_hours";
    static final String THROTTLED = "throttled";

    TargetOutcome withAttempt(int n) {
        return new TargetOutcome(msisdn, status, reason, messageId, errorCode, n);
    }

    /** What campaign_targets.error_code gets: the WhatsApp code, else the block reason. */
    String targetErrorCode() {
        return errorCode != null ? errorCode : reason;
    }
}
