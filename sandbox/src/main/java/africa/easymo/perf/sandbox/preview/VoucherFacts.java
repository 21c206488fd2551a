package africa.easymo.perf.sandbox.preview;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * What a voucher card shows, as stored in {@code public.vouchers}: the card is always drawn from the database row,
 * never from the request, so a preview is of a real voucher.
 *
 * @param expiresAt
 *            may be null (a voucher without expiry)
 */
public record VoucherFacts(UUID id, String code, BigDecimal amount, String currency, OffsetDateTime expiresAt,
        String status) {

    public VoucherFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
    }

    /** Changes whenever anything printed on the card changes, so a re-seeded voucher is drawn again. */
    String fingerprint() {
        return code + '|' + amount.stripTrailingZeros().toPlainString() + '|' + currency + '|'
                + (expiresAt == null ? "" : expiresAt.toInstant().toString()) + '|' + status;
    }
}
