package africa.easymo.perf.journeys.preview;

import java.util.Objects;

/**
 * The outcome of checking one document: passed, or the first check that failed with a message naming the check and the
 * voucher, e.g. {@code image.qr failed for voucher AB3C9 (…): the QR code carries "BC4DA", not AB3C9}.
 */
public record DocumentVerdict(DocumentCheck failedCheck, String message) {
    private static final DocumentVerdict PASSED = new DocumentVerdict(null, "");

    public static DocumentVerdict passed() {
        return PASSED;
    }

    public static DocumentVerdict failed(DocumentCheck check, PreviewedVoucher voucher, String detail) {
        Objects.requireNonNull(check, "check");
        return new DocumentVerdict(check, check.id() + " failed for " + voucher + ": " + detail);
    }

    public boolean isPassed() {
        return failedCheck == null;
    }
}
