package africa.easymo.perf.journeys.campaign;

import java.time.Duration;

/**
 * What one answer of the dispatcher means for the batch it answers: decided by {@link CampaignVerdicts#judge} from the
 * answer alone, carried out by the sampler (counters, retry slot, run outcome).
 */
sealed interface BatchDecision {

    /** The answer acknowledges exactly this batch: its targets are counted (once, whatever the replays). */
    record Acknowledged(int status, boolean replay, int policyBlocked, int wabaThrottled)
            implements BatchDecision, AnswerReading {
    }

    /** Send the same batch again, under the same reference, after {@code delay}. */
    record Retry(int nextAttempt, Duration delay, String why) implements BatchDecision {
    }

    /**
     * The batch is given up and the run fails with {@code failure}: its attempts ran out, or the answer is not one to
     * retry.
     */
    record GiveUp(String failure, boolean attemptsRanOut) implements BatchDecision {
    }

    /** The bridge secret is wrong: the whole run stops. {@code what} names the batch. */
    record Unauthorized(String what) implements BatchDecision {
    }

    /** What reading a 200/202 gave: an acknowledgement, or what is wrong with the answer. */
    sealed interface AnswerReading permits Acknowledged, Unreadable {
    }

    /** A 200/202 that does not acknowledge this batch; the dispatcher may have committed, so it is retried. */
    record Unreadable(String problem) implements AnswerReading {
    }
}
