package africa.easymo.perf.lib.summary;

import java.math.BigDecimal;
import java.time.Instant;

/** One voucher the preview journey renders: exactly the body the preview endpoint takes. */
public record VoucherPreviewPayload(String voucherId, String code, BigDecimal amount, String currency,
        Instant expiresAt, String stationScope) {
}
