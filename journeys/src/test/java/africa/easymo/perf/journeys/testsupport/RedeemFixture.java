package africa.easymo.perf.journeys.testsupport;

import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.summary.Operator;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * A fresh redeem pool in the sandbox database (stations with issued vouchers scoped to them, unique per call so tests
 * can share one sandbox) and the seed summary that describes it.
 */
public final class RedeemFixture {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public final List<StationRedeemPayload> payloads;
    private final DataSource db;

    private RedeemFixture(DataSource db, List<StationRedeemPayload> payloads) {
        this.db = db;
        this.payloads = payloads;
    }

    public static RedeemFixture create(DataSource db, int stations, int perStation) throws SQLException {
        List<StationRedeemPayload> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement st = c
                        .prepareStatement("insert into public.stations (id, engencode, name) values (?::uuid, ?, ?)");
                PreparedStatement v = c.prepareStatement("insert into public.vouchers (id, code5, status, amount, "
                        + "amount_minor, currency, station_scope, qr_payload, whatsapp_e164, policy_number, "
                        + "issued_at, expires_at) values (?::uuid, ?, 'issued', 5000, 500000, 'RWF', ?::uuid, ?, "
                        + "'+250780000000', 'POL-TEST', now(), now() + interval '30 days')")) {
            for (int s = 0; s < stations; s++) {
                int n = SEQ.incrementAndGet();
                String sid = UUID.randomUUID().toString();
                String code = "TST" + n + "-" + UUID.randomUUID().toString().substring(0, 6);
                st.setString(1, sid);
                st.setString(2, code);
                st.setString(3, "Test station " + code);
                st.executeUpdate();
                List<String> ids = new ArrayList<>();
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < perStation; i++) {
                    String vid = UUID.randomUUID().toString();
                    String c5 = code5();
                    v.setString(1, vid);
                    v.setString(2, c5);
                    v.setString(3, sid);
                    v.setString(4, "EASYMO:" + c5);
                    v.addBatch();
                    ids.add(vid);
                    codes.add(c5);
                }
                v.executeBatch();
                out.add(new StationRedeemPayload(sid, code,
                        new Operator("+25078800" + String.format("%04d", n % 10000), "Operator " + n,
                                UUID.randomUUID().toString()),
                        ids, codes, "pst_" + UUID.randomUUID().toString().replace("-", "")));
            }
        }
        return new RedeemFixture(db, out);
    }

    /** Sequential from a random start: unique within the JVM, unlikely to meet another JVM's codes. */
    private static final java.util.concurrent.atomic.AtomicLong CODE_SEQ = new java.util.concurrent.atomic.AtomicLong(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(32L * 32 * 32 * 32 * 32 - 2_000_000L));

    private static String code5() {
        long n = CODE_SEQ.getAndIncrement();
        char[] b = new char[5];
        for (int i = 4; i >= 0; i--) {
            b[i] = CODE_CHARS.charAt((int) (n % 32));
            n /= 32;
        }
        return new String(b);
    }

    /** Writes the summary describing this pool. */
    public Path writeSummary(Path file) {
        SeedSummary.builder().seedVersion("test").generatedAt(Instant.now()).stationRedeemPayloads(payloads)
                .campaignDispatch(new CampaignDispatch(UUID.randomUUID().toString(), "batch-test", MsisdnList.empty()))
                .build().write(file);
        return file;
    }

    public List<String> allVoucherIds() {
        List<String> ids = new ArrayList<>();
        payloads.forEach(p -> ids.addAll(p.voucherIds()));
        return ids;
    }

    /** voucher id → {status, redeemed_by_station_id, redeem events}. */
    public Map<String, VoucherState> states() throws SQLException {
        Map<String, VoucherState> m = new HashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select v.id, v.status, v.redeemed_by_station_id, (select count(*) from public.voucher_events e "
                        + "where e.voucher_id = v.id and e.event_type = 'redeemed') as events "
                        + "from public.vouchers v where v.id = any (?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("text", allVoucherIds().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), new VoucherState(rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
        }
        return m;
    }

    public String stationOf(String voucherId) {
        for (StationRedeemPayload p : payloads) {
            if (p.voucherIds().contains(voucherId)) {
                return p.stationId();
            }
        }
        return null;
    }

    /** One voucher as the database has it. */
    public record VoucherState(String status, String redeemedBy, int redeemEvents) {
    }
}
