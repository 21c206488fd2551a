package africa.easymo.perf.sandbox.preview;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The words printed on a voucher card, the same on the PNG and the PDF. */
final class CardText {
    static final String TITLE = "easyMO fuel voucher";
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private CardText() {
    }

    /** {@code 5,000.00 RWF}. */
    static String amount(VoucherFacts v) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(v.amount()) + " " + v.currency();
    }

    /** {@code 2026-12-25 10:00 UTC}, or {@code no expiry}. */
    static String expiry(VoucherFacts v) {
        return v.expiresAt() == null ? "no expiry" : EXPIRY.format(v.expiresAt().withOffsetSameInstant(ZoneOffset.UTC));
    }
}
