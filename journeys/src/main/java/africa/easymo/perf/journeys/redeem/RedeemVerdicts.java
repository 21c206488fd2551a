package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.http.JsonField;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

import org.apache.jmeter.samplers.SampleResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redeem journey's judge: turns the station's and the database's answers into pass or fail with the failure
 * message, and records in the run what each answer says happened to the voucher.
 */
final class RedeemVerdicts {
    // The double-spend line keeps the sampler's logger: jmeter.log readers and log filters know it by that name.
    private static final Logger log = LoggerFactory.getLogger(StationRedeemSampler.class);

    private RedeemVerdicts() {
    }

    /**
     * Passes a 200/201 {@code redeemed} within {@code sloMillis} (0 = none); a success is left for this thread's
     * read-back.
     */
    static void redeemAnswered(RedeemRun run, RedeemClaim claim, SampleResult res, long sloMillis) {
        int code = code(res);
        String status = JsonField.text(res.getResponseData(), "status");
        if ((code == 200 || code == 201) && "redeemed".equals(status)) {
            run.record(claim, RedeemAttempt.SUCCEEDED);
            run.succeeded.increment();
            run.awaitReadback(claim);
            if (sloMillis > 0 && res.getTime() > sloMillis) {
                fail(res, run, "redeemed, but over the SLO: " + res.getTime() + " ms > " + sloMillis + " ms");
            } else {
                res.setSuccessful(true);
            }
            return;
        }
        RedeemAttempt a;
        if (code == 409 && "already_redeemed".equals(status)) {
            a = RedeemAttempt.TAKEN_ELSEWHERE;
            run.takenElsewhere.increment();
        } else if (code >= 400 && code < 500) {
            a = RedeemAttempt.REJECTED;
        } else {
            a = RedeemAttempt.UNKNOWN;
        }
        run.record(claim, a);
        fail(res, run,
                "redeem of voucher " + claim.voucherId() + " at " + claim.station() + " answered "
                        + res.getResponseCode() + (status.isEmpty() ? "" : " " + status)
                        + (a == RedeemAttempt.TAKEN_ELSEWHERE ? " (another run or engine redeemed it first)" : ""));
    }

    /** A double-redeem probe passes only on {@code 409 already_redeemed}; any 2xx is a double spend accepted. */
    static void probeAnswered(RedeemRun run, RedeemClaim claim, SampleResult res) {
        int code = code(res);
        String status = JsonField.text(res.getResponseData(), "status");
        if (code == 409 && "already_redeemed".equals(status)) {
            run.probesRejected.increment();
            res.setSuccessful(true);
        } else if (code >= 200 && code < 300) {
            run.doubleSpends.increment();
            String line = "DOUBLE SPEND ACCEPTED: voucher " + claim.voucherId() + " redeemed again at "
                    + claim.station() + " (HTTP " + code + ")";
            log.error("easymo-perf: {}", line);
            res.setSuccessful(false);
            res.setResponseMessage(line);
        } else {
            res.setSuccessful(false);
            res.setResponseMessage("double-redeem probe of " + claim.voucherId() + " answered " + res.getResponseCode()
                    + (status.isEmpty() ? "" : " " + status) + ", expected 409 already_redeemed");
        }
    }

    /** The read-back passes only when the database shows the voucher redeemed by the station that redeemed it. */
    static void readbackAnswered(RedeemRun run, RedeemClaim claim, SampleResult res) {
        JsonNode body = json(res);
        JsonNode row = body != null && body.isArray() && body.size() == 1 ? body.get(0) : null;
        String status = row == null ? null : row.path("status").asText();
        String by = row == null ? null : row.path("redeemed_by_station_id").asText();
        if (!"200".equals(res.getResponseCode())) {
            res.setSuccessful(false);
            res.setResponseMessage("read-back of voucher " + claim.voucherId() + " answered " + res.getResponseCode());
        } else if (row == null) {
            res.setSuccessful(false);
            res.setResponseMessage("voucher " + claim.voucherId() + " not found in the database after its redeem");
        } else if (!"redeemed".equals(status) || !claim.station().stationId.equalsIgnoreCase(by)) {
            res.setSuccessful(false);
            res.setResponseMessage("voucher " + claim.voucherId() + " is " + status + " by station " + by
                    + " after its redeem at " + claim.station() + ": the redeem did not persist");
        } else {
            res.setSuccessful(true);
        }
        if (!res.isSuccessful()) {
            run.readbackFailed.increment();
        }
    }

    private static void fail(SampleResult res, RedeemRun run, String message) {
        run.failed.increment();
        res.setSuccessful(false);
        res.setResponseMessage(message);
    }

    private static int code(SampleResult res) {
        try {
            return Integer.parseInt(res.getResponseCode());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode json(SampleResult res) {
        byte[] b = res.getResponseData();
        if (b == null || b.length == 0 || b[0] != '{' && b[0] != '[') {
            return null;
        }
        try {
            return RedeemRun.JSON.readTree(b);
        } catch (IOException e) {
            return null;
        }
    }
}
