package africa.easymo.perf.sandbox.preview;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.awt.image.BufferedImage;
import java.util.Map;

/** The QR code printed on a card. */
final class VoucherQr {
    private VoucherQr() {
    }

    /** A square black-on-white QR image of {@code size} pixels (quiet zone included) carrying {@code content}. */
    static BufferedImage image(String content, int size) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode a QR code for " + content + ": " + e.getMessage(), e);
        }
        BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                img.setRGB(x, y, m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return img;
    }

    /**
     * A valid voucher code that differs from {@code code} in every position (each character moved one place along
     * A-Z0-9): what the "foreign QR" fault prints, so the card looks right but scans as another voucher.
     */
    static String foreignCode(String code) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(code.length());
        for (char c : code.toCharArray()) {
            int i = alphabet.indexOf(Character.toUpperCase(c));
            b.append(alphabet.charAt((Math.max(i, 0) + 1) % alphabet.length()));
        }
        return b.toString();
    }
}
