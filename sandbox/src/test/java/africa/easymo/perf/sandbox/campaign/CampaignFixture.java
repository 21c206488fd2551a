package africa.easymo.perf.sandbox.campaign;

import africa.easymo.perf.sandbox.Sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A campaign with {@code n} queued targets, written straight into a sandbox's database. */
final class CampaignFixture {
    final UUID campaignId;
    final List<String> msisdns;
    private final Sandbox sandbox;

    private CampaignFixture(Sandbox sandbox, UUID campaignId, List<String> msisdns) {
        this.sandbox = sandbox;
        this.campaignId = campaignId;
        this.msisdns = msisdns;
    }

    static CampaignFixture create(Sandbox sandbox, int n) throws SQLException {
        UUID id = UUID.randomUUID();
        String prefix = "+2507" + String.format("%02d", Math.abs(id.hashCode()) % 100);
        try (Connection c = sandbox.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into public.campaigns (id, name, type, status, "
                    + "template_id, metadata, payload, target_audience) values (?, 'perf', 'promo', 'running', "
                    + "'tpl', '{}', '{}', '{}')")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into public.campaign_targets (campaign_id, msisdn, "
                    + "personalized_vars) select ?, ? || lpad(i::text, 6, '0'), '{}' from generate_series(0, ? - 1) i")) {
                ps.setObject(1, id);
                ps.setString(2, prefix);
                ps.setInt(3, n);
                ps.executeUpdate();
            }
        }
        List<String> msisdns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            msisdns.add(prefix + String.format("%06d", i));
        }
        return new CampaignFixture(sandbox, id, msisdns);
    }

    List<String> slice(int from, int to) {
        return msisdns.subList(from, to);
    }

    long count(String sql) throws SQLException {
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql.replace(":campaign", "'" + campaignId + "'"))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql.replace(":campaign", "'" + campaignId + "'"))) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
