package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.lib.supabase.SupabaseException;
import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.journeys.JourneySampler;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
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
public class StationRedeemSampler extends JourneySampler<RedeemRun> {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(StationRedeemSampler.class);

    public StationRedeemSampler() {
        super("Station Redeem sampler");
    }

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
    protected void prepare(EasymoRun ctx, String who, SeedSummary summary) {
        EasymoTarget target = ctx.requireTarget(who);
        String file = summaryFileName(ctx);
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
        ctx.onTestEnd(RedeemReconciliation.EVIDENCE, () -> new RedeemReconciliation(ctx, run).run());
        log.info("easymo-perf: {} ready: {} vouchers at {} stations (shard {}/{}, {} skipped as already used)", who,
                run.pool.size(), run.pool.stationCount(), ctx.shard().index(), ctx.shard().count(),
                summary.stationRedeemPayloads().stream().mapToInt(p -> p.voucherIds().size()).sum() - run.pool.size());
    }

    @Override
    protected RedeemRun run(EasymoRun ctx) {
        return ctx.journey(RedeemRun.class).orElse(null);
    }

    @Override
    protected SampleResult sample(EasymoRun ctx, RedeemRun run) {
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
            stopThisThread();
            return null;
        }
        return redeem(ctx, run, claim);
    }

    private SampleResult redeem(EasymoRun ctx, RedeemRun run, RedeemClaim claim) {
        HTTPSampleResult res = ctx.http().execute(run.requests().redeem(claim,
                ctx.target().idempotencyKey("redeem-" + claim.voucherId()), "voucherCode".equals(bodyShape)));
        res.setSampleLabel(getName());
        RedeemVerdicts.redeemAnswered(run, claim, res, slo(null));
        return res;
    }

    private SampleResult probe(EasymoRun ctx, RedeemRun run, RedeemClaim claim) {
        run.probes.increment();
        // A fresh idempotency key: a replay of the original key may legitimately be answered 200, a new one may not.
        HTTPSampleResult res = ctx.http()
                .execute(run.requests().redeem(claim,
                        ctx.target().idempotencyKey(
                                "redeem-probe-" + claim.voucherId() + "-" + ThreadLocalRandom.current().nextLong()),
                        "voucherCode".equals(bodyShape)));
        res.setSampleLabel(probeLabel);
        RedeemVerdicts.probeAnswered(run, claim, res);
        return res;
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
