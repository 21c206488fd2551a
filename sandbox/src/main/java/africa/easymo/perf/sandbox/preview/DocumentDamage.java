package africa.easymo.perf.sandbox.preview;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The damage the document faults do to good documents; copies, never the cached originals. */
final class DocumentDamage {
    private static final int PNG_SIGNATURE = 8;

    private DocumentDamage() {
    }

    /**
     * Flips the first bytes of the first IDAT chunk's data and leaves its CRC as it was: the file still looks like a
     * PNG, but its image data is damaged, as a broken encoder or a bad transfer would leave it.
     */
    static byte[] corruptPng(byte[] png) {
        byte[] copy = png.clone();
        ByteBuffer b = ByteBuffer.wrap(copy);
        int pos = PNG_SIGNATURE;
        while (pos + 8 <= copy.length) {
            int length = b.getInt(pos);
            String type = new String(copy, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int data = pos + 8;
            if (type.equals("IDAT") && length > 0) {
                int n = Math.min(length, 64);
                for (int i = data; i < data + n; i++) {
                    copy[i] = (byte) (copy[i] ^ 0xFF);
                }
                return copy;
            }
            pos = data + length + 4;
        }
        throw new IllegalStateException("not a PNG with image data");
    }

    /** The first half of the file: the page may be there, the cross-reference table and {@code %%EOF} are not. */
    static byte[] truncatePdf(byte[] pdf) {
        return Arrays.copyOf(pdf, pdf.length / 2);
    }
}
