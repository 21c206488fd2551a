package africa.easymo.perf.sandbox.preview;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/** Reads the facts of one voucher by primary key. */
final class VoucherLookup {
    private static final String SQL = "select code5, amount, currency, expires_at, status from public.vouchers where id = ?";

    private final DataSource dataSource;

    VoucherLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<VoucherFacts> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new VoucherFacts(id, rs.getString(1), rs.getBigDecimal(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5)));
            }
        }
    }
}
