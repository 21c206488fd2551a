package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.run.EngineShard;
import africa.easymo.perf.run.RunCounters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redeem journey's state for one run on one engine, shared by every Station Redeem / Readback sampler clone: the
 * pool cursor, what happened to each voucher, the counters, and the end-of-test reconciliation against the database.
 */
final class RedeemRun {
    static final String KEY = "redeem.run";
    static final String C_SUCCEEDED = "redeem.succeeded";
    static final String C_FAILED = "redeem.failed";
    static final String C_TAKEN_ELSEWHERE = "redeem.already_redeemed_elsewhere";
    static final String C_PROBES = "redeem.probes";
    static final String C_PROBES_REJECTED = "redeem.probes_rejected";
    static final String C_DOUBLE_SPEND = "redeem.double_spend_accepted";
    static final String C_READBACK_FAILED = "redeem.readback_failed";
    static final String C_EXHAUSTED = "redeem.pool_exhausted_arrivals";

    /** Vouchers per PostgREST {@code in.(…)} filter: keeps URLs far below proxy limits. */
    static final int IN_CHUNK = 100;

    private static final Logger log = LoggerFactory.getLogger(RedeemRun.class);
    static final ObjectMapper JSON = new ObjectMapper();

    final RedeemPool pool;
    final RedeemedVouchers redeemed;
    private final RedeemRequests requests;
    final URI supabaseUrl;
    final Secret serviceKey;
    final Map<String, RedeemAttempt> attempts = new ConcurrentHashMap<>();
    final Map<String, String> stationOf = new ConcurrentHashMap<>();
    final LongAdder succeeded;
    final LongAdder failed;
    final LongAdder takenElsewhere;
    final LongAdder probes;
    final LongAdder probesRejected;
    final LongAdder doubleSpends;
    final LongAdder readbackFailed;
    final LongAdder exhaustedArrivals;
    private final AtomicBoolean exhaustedLogged = new AtomicBoolean();
    /**
     * The voucher this JMeter thread's last arrival redeemed, until the Redeem Read-back sampler that follows takes it.
     * Per thread because the read-back must check the redeem of its own arrival; JMeter threads are platform threads
     * that live for the whole run.
     */
    private final ThreadLocal<RedeemClaim> awaitingReadback = new ThreadLocal<>();
    private final AtomicLong arrivals = new AtomicLong();
    final int skippedUsed;
    final EngineShard shard;

    private RedeemRun(RedeemPool pool, URI redeemUrl, URI supabaseUrl, Secret serviceKey, String authHeader,
            RunCounters c, int skippedUsed, EngineShard shard) {
        this.pool = pool;
        this.redeemed = new RedeemedVouchers(pool.size());
        this.requests = new RedeemRequests(redeemUrl, authHeader, supabaseUrl, serviceKey);
        this.supabaseUrl = supabaseUrl;
        this.serviceKey = serviceKey;
        this.skippedUsed = skippedUsed;
        this.shard = shard;
        this.succeeded = c.counter(C_SUCCEEDED);
        this.failed = c.counter(C_FAILED);
        this.takenElsewhere = c.counter(C_TAKEN_ELSEWHERE);
        this.probes = c.counter(C_PROBES);
        this.probesRejected = c.counter(C_PROBES_REJECTED);
        this.doubleSpends = c.counter(C_DOUBLE_SPEND);
        this.readbackFailed = c.counter(C_READBACK_FAILED);
        this.exhaustedArrivals = c.counter(C_EXHAUSTED);
    }

    /**
     * Whether this arrival is a double-redeem probe: exactly {@code share} of the arrivals, evenly spread (arrival n is
     * one when {@code floor(n × share)} steps up), so a short run gets its probes as surely as a long one, which a coin
     * toss per arrival would not promise.
     */
    boolean probeTurn(double share) {
        if (share <= 0) {
            return false;
        }
        long n = arrivals.incrementAndGet();
        return (long) Math.floor(n * share) > (long) Math.floor((n - 1) * share);
    }

    /**
     * Builds this engine's pool: its shard of every station's vouchers, minus (when {@code skipUsed}) those the
     * database no longer shows as {@code issued}, so a re-run or an overlapping run does not spend its arrivals on
     * 409s.
     */
    static RedeemRun create(EasymoRun ctx, List<StationRedeemPayload> payloads, URI redeemUrl, URI supabaseUrl,
            Secret serviceKey, String authHeader, boolean skipUsed, EngineShard shard) {
        Set<String> usable = null;
        if (skipUsed) {
            List<String> all = new ArrayList<>();
            for (StationRedeemPayload p : payloads) {
                all.addAll(p.voucherIds());
            }
            usable = issued(new SupabaseClient(supabaseUrl, serviceKey, ctx.http().apacheClient()), all);
        }
        List<RedeemStation> stations = new ArrayList<>();
        int skipped = 0;
        for (int s = 0; s < payloads.size(); s++) {
            StationRedeemPayload p = payloads.get(s);
            List<String> ids = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            List<String> pIds = p.voucherIds();
            List<String> pCodes = p.voucherCodes();
            for (int i = 0; i < pIds.size(); i++) {
                if (!shard.owns(i)) {
                    continue;
                }
                if (usable != null && !usable.contains(pIds.get(i))) {
                    skipped++;
                    continue;
                }
                ids.add(pIds.get(i));
                codes.add(pCodes != null && i < pCodes.size() ? pCodes.get(i) : null);
            }
            stations.add(new RedeemStation(s, p.stationId(), p.stationCode(), p.token(), operatorJson(p),
                    ids.toArray(String[]::new), codes.toArray(String[]::new)));
        }
        return new RedeemRun(new RedeemPool(stations), redeemUrl, supabaseUrl, serviceKey, authHeader, ctx.counters(),
                skipped, shard);
    }

    /** Next voucher, or null (logged once) when the pool is exhausted. */
    RedeemClaim next() {
        RedeemClaim c = pool.next();
        if (c == null) {
            exhaustedArrivals.increment();
            if (exhaustedLogged.compareAndSet(false, true)) {
                String line = "easymo-perf: redeem pool exhausted: all " + pool.size() + " vouchers of shard "
                        + shard.index() + "/" + shard.count() + " handed out; further arrivals stop their thread "
                        + "instead of re-redeeming (size the pool with seed-tool's redeem pool per station)";
                log.warn(line);
                System.err.println(line);
            }
        }
        return c;
    }

    RedeemRequests requests() {
        return requests;
    }

    /** Leaves a redeemed voucher for this thread's read-back. */
    void awaitReadback(RedeemClaim claim) {
        awaitingReadback.set(claim);
    }

    /** The voucher this thread redeemed last and no read-back checked yet; taking it clears it. */
    Optional<RedeemClaim> takeForReadback() {
        RedeemClaim c = awaitingReadback.get();
        awaitingReadback.remove();
        return Optional.ofNullable(c);
    }

    void record(RedeemClaim claim, RedeemAttempt outcome) {
        attempts.put(claim.voucherId(), outcome);
        stationOf.put(claim.voucherId(), claim.station().stationId);
        if (outcome == RedeemAttempt.SUCCEEDED) {
            redeemed.add(claim);
        }
    }

    private static Set<String> issued(SupabaseClient db, List<String> ids) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IN_CHUNK));
            ArrayNode a = db.select("vouchers", "select=id&status=eq.issued&id=in.(" + String.join(",", chunk) + ")");
            a.forEach(r -> out.add(r.path("id").asText()));
        }
        return out;
    }

    private static String operatorJson(StationRedeemPayload p) {
        ObjectNode op = JSON.createObjectNode();
        if (p.operator() != null) {
            op.put("msisdn", p.operator().msisdn());
            op.put("displayName", p.operator().displayName());
            op.put("userId", p.operator().userId());
        }
        return op.toString();
    }
}
