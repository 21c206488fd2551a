package africa.easymo.perf.journeys.preview;

import java.util.Objects;

/** The voucher whose documents are checked: what failure messages name. */
public record PreviewedVoucher(String voucherId, String code) {
    public PreviewedVoucher {
        Objects.requireNonNull(voucherId, "voucherId");
        Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
        return "voucher " + code + " (" + voucherId + ")";
    }
}
