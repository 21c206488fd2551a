package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.lib.supabase.SupabaseException;
import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.journeys.JourneySampler;
import africa.easymo.perf.run.RunOutcome;
import africa.easymo.perf.http.HttpRequestSpec;
import africa.easymo.perf.http.JsonField;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Station Redeem: each arrival redeems the next unredeemed voucher of the shared pool at its station
 * ({@code POST PERF_STATION_REDEEM_URL}, station token as {@code Bearer} in {@code PERF_STATION_AUTH_HEADER}, an
 * {@code Idempotency-Key}). Passes on 200/201 with status {@code redeemed} within the SLO. A share of arrivals are
 * double-redeem probes of a voucher this run already redeemed, under their own label, passing only on
 * {@code 409 already_redeemed}. A successful redeem leaves the voucher for the Redeem Read-back sampler that follows it
 * in the same thread. At test end the run is reconciled against the database.
 */
public class StationRedeemSampler extends JourneySampler {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(StationRedeemSampler.class);

    /** Thread variable (object) holding the voucher the last arrival redeemed, for the read-back sampler. */
    public static final String LAST_REDEEMED_VAR = "easymo.redeem.lastRedeemed";

    private String probeShare = "0.02";
    private String sloMillis = "500";
    private String probeLabel = "redeem double-spend probe";
    private String bodyShape = "voucherId";
    private boolean skipUsedVouchers = true;

    private transient double parsedShare = Double.NaN;
    private transient String parsedShareFrom;
    private transient long parsedSlo = -1;
    private transient String parsedSloFrom;

    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        TestBeanHelper.prepare(this);
        String who = "Station Redeem sampler '" + getName() + "'";
        EasymoRun ctx = EasymoRun.join();
        SeedSummary summary = ctx.requireSummary(who);
        EasymoTarget target = ctx.requireTarget(who);
        String file = ctx.summaryFile().map(p -> p.getFileName().toString()).orElse("seed summary");
        validate(summary.stationRedeemPayloads(), file, who);
        share(who);
        slo(who);
        if (!"voucherId".equals(bodyShape) && !"voucherCode".equals(bodyShape)) {
            throw EasymoRun.join().outcome()
                    .refuseStart(who + ": body shape must be voucherId or voucherCode, not " + bodyShape);
        }
        URI redeemUrl = ctx.requireEndpoint(Setting.PERF_STATION_REDEEM_URL, who);
        URI supabaseUrl = ctx.requireEndpoint(Setting.SUPABASE_URL, who + " (read-back and reconciliation)");
        Secret key = target.requireSecret(Setting.SUPABASE_SERVICE_ROLE_KEY, who + " (read-back and reconciliation)",
                ctx.outcome());
        RedeemRun run;
        try {
            run = ctx.journey(RedeemRun.class, e -> RedeemRun.create(ctx, summary.stationRedeemPayloads(), redeemUrl,
                    supabaseUrl, key, target.stationAuthHeader(), skipUsedVouchers, ctx.shard()));
        } catch (SupabaseException e) {
            String why = ctx.redactor().redact(String.valueOf(e.getMessage()));
            if (e.status() == 401 || e.status() == 403) {
                throw EasymoRun.join().outcome().refuseStart(who + ": SUPABASE_SERVICE_ROLE_KEY was rejected by "
                        + supabaseUrl + " (set it to this project's service-role key): " + why);
            }
            throw EasymoRun.join().outcome()
                    .refuseStart(who + ": cannot read the redeem pool's vouchers from " + supabaseUrl + ": " + why);
        } catch (RuntimeException e) {
            throw EasymoRun.join().outcome().refuseStart(who + ": cannot read the redeem pool's vouchers from "
                    + supabaseUrl + ": " + ctx.redactor().redact(String.valueOf(e.getMessage())));
        }
        if (run.pool.size() == 0) {
            throw EasymoRun.join().outcome()
                    .refuseStart(who + ": the redeem pool of shard " + ctx.shard().index() + "/" + ctx.shard().count()
                            + " is empty: every voucher of " + file
                            + " is already redeemed or not issued (reseed with `seed-tool seed`)");
        }
        ctx.onTestEnd("reconciliation.redeem", () -> reconcile(ctx, run));
        log.info("easymo-perf: {} ready: {} vouchers at {} stations (shard {}/{}, {} skipped as already used)", who,
                run.pool.size(), run.pool.stationCount(), ctx.shard().index(), ctx.shard().count(),
                summary.stationRedeemPayloads().stream().mapToInt(p -> p.voucherIds().size()).sum() - run.pool.size());
    }

    @Override
    public SampleResult sample(Entry e) {
        EasymoRun ctx = EasymoRun.current();
        RedeemRun run = ctx.journey(RedeemRun.class).orElse(null);
        if (run == null) {
            return notStarted("Station Redeem sampler");
        }
        double share = share(null);
        RedeemClaim probe = null;
        if (run.probeTurn(share)) {
            probe = run.redeemed.pickRandom();
        }
        if (probe != null) {
            return probe(ctx, run, probe);
        }
        RedeemClaim claim = run.next();
        if (claim == null) {
            JMeterContext jc = JMeterContextService.getContext();
            JMeterThread t = jc == null ? null : jc.getThread();
            if (t != null) {
                t.stop();
            }
            return null;
        }
        return redeem(ctx, run, claim);
    }

    private SampleResult redeem(EasymoRun ctx, RedeemRun run, RedeemClaim claim) {
        HTTPSampleResult res = ctx.http()
                .execute(request(ctx, run, claim, ctx.target().idempotencyKey("redeem-" + claim.voucherId())));
        res.setSampleLabel(getName());
        int code = code(res);
        String status = JsonField.text(res.getResponseData(), "status");
        if ((code == 200 || code == 201) && "redeemed".equals(status)) {
            run.record(claim, RedeemAttempt.SUCCEEDED);
            run.succeeded.increment();
            JMeterContextService.getContext().getVariables().putObject(LAST_REDEEMED_VAR, claim);
            long slo = slo(null);
            if (slo > 0 && res.getTime() > slo) {
                fail(res, run, "redeemed, but over the SLO: " + res.getTime() + " ms > " + slo + " ms");
            } else {
                res.setSuccessful(true);
            }
            return res;
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
        return res;
    }

    private SampleResult probe(EasymoRun ctx, RedeemRun run, RedeemClaim claim) {
        run.probes.increment();
        // A fresh idempotency key: a replay of the original key may legitimately be answered 200, a new one may not.
        HTTPSampleResult res = ctx.http().execute(request(ctx, run, claim, ctx.target()
                .idempotencyKey("redeem-probe-" + claim.voucherId() + "-" + ThreadLocalRandom.current().nextLong())));
        res.setSampleLabel(probeLabel);
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
        return res;
    }

    private HttpRequestSpec request(EasymoRun ctx, RedeemRun run, RedeemClaim claim, String idempotencyKey) {
        return HttpRequestSpec.post(run.redeemUrl).withHeader(run.authHeader, claim.station().bearer)
                .withHeader("Idempotency-Key", idempotencyKey)
                .withJsonBody("voucherCode".equals(bodyShape) && claim.voucherCode() != null ? claim.codeBody()
                        : claim.idBody());
    }

    private static void fail(HTTPSampleResult res, RedeemRun run, String message) {
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

    static JsonNode json(SampleResult res) {
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

    private static void reconcile(EasymoRun ctx, RedeemRun run) {
        Map<String, Object> ev;
        try {
            ev = run.reconcile(ctx);
        } catch (RuntimeException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("passed", false);
            err.put("problems", List.of("could not read the database: " + ctx.redactor().redact(e.getMessage())));
            ctx.evidence().put("reconciliation.redeem", err);
            ctx.outcome().fail("reconciliation.redeem: could not read the database: "
                    + ctx.redactor().redact(String.valueOf(e.getMessage())));
            return;
        }
        ctx.evidence().put("reconciliation.redeem", ev);
        log.info("easymo-perf: reconciliation.redeem {}", ev);
        if (!Boolean.TRUE.equals(ev.get("passed"))) {
            ctx.outcome().fail("reconciliation.redeem: " + ev.get("problems"));
        }
    }

    private static void validate(List<StationRedeemPayload> payloads, String file, String who) {
        if (payloads == null || payloads.isEmpty()) {
            throw EasymoRun.join().outcome().refuseStart(file + ": stationRedeemPayloads: empty, but " + who
                    + " needs redeem payloads (reseed with `seed-tool seed`)");
        }
        for (int i = 0; i < payloads.size(); i++) {
            StationRedeemPayload p = payloads.get(i);
            if (p.voucherIds() == null || p.voucherIds().isEmpty()) {
                throw EasymoRun.join().outcome()
                        .refuseStart(file + ": stationRedeemPayloads[" + i + "].voucherIds: empty");
            }
            if (p.token() == null || p.token().isBlank()) {
                throw EasymoRun.join().outcome()
                        .refuseStart(file + ": stationRedeemPayloads[" + i + "].token: missing");
            }
        }
    }

    private double share(String who) {
        if (parsedShareFrom == null || !parsedShareFrom.equals(probeShare)) {
            double d;
            try {
                d = Double.parseDouble(probeShare.trim());
            } catch (RuntimeException e) {
                d = Double.NaN;
            }
            if (!(d >= 0 && d <= 1)) {
                if (who != null) {
                    throw EasymoRun.join().outcome().refuseStart(
                            who + ": probe share must be a number from 0 to 1 (0.02 = 2 %), not '" + probeShare + "'");
                }
                d = 0;
            }
            parsedShare = d;
            parsedShareFrom = probeShare;
        }
        return parsedShare;
    }

    private long slo(String who) {
        if (parsedSloFrom == null || !parsedSloFrom.equals(sloMillis)) {
            long v;
            try {
                v = Long.parseLong(sloMillis.trim());
            } catch (RuntimeException e) {
                v = -1;
            }
            if (v < 0) {
                if (who != null) {
                    throw EasymoRun.join().outcome().refuseStart(
                            who + ": SLO must be a whole number of milliseconds (0 = none), not '" + sloMillis + "'");
                }
                v = 0;
            }
            parsedSlo = v;
            parsedSloFrom = sloMillis;
        }
        return parsedSlo;
    }

    public String getProbeShare() {
        return probeShare;
    }

    public void setProbeShare(String probeShare) {
        this.probeShare = probeShare;
    }

    public String getSloMillis() {
        return sloMillis;
    }

    public void setSloMillis(String sloMillis) {
        this.sloMillis = sloMillis;
    }

    public String getProbeLabel() {
        return probeLabel;
    }

    public void setProbeLabel(String probeLabel) {
        this.probeLabel = probeLabel;
    }

    public String getBodyShape() {
        return bodyShape;
    }

    public void setBodyShape(String bodyShape) {
        this.bodyShape = bodyShape;
    }

    public boolean isSkipUsedVouchers() {
        return skipUsedVouchers;
    }

    public void setSkipUsedVouchers(boolean skipUsedVouchers) {
        this.skipUsedVouchers = skipUsedVouchers;
    }
}
