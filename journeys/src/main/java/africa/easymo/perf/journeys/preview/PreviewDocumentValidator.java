package africa.easymo.perf.journeys.preview;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Checks that a preview's documents are real documents of its voucher: the PNG is well-formed, decodes, has the
 * expected size and its QR code carries the voucher's code; the PDF is complete, parses, has a page and its text
 * contains the code. Pure (bytes in, verdict out), thread-safe, and it never throws for bad input.
 *
 * <p>
 * A code is "carried" when it appears as a whole token (not inside a longer run of letters and digits), so a QR code
 * carrying {@code EASYMO:AB3C9} or a URL ending in {@code /AB3C9} counts, one carrying {@code XAB3C9} does not.
 */
public final class PreviewDocumentValidator {
    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    /** Refuse to decode images larger than this many pixels (a 4K frame is 8.3 M): bounds the validator's memory. */
    private static final long MAX_PIXELS = 16_000_000L;
    /** How many pages' text is searched for the code. */
    private static final int TEXT_PAGES = 5;
    private static final int PDF_TAIL = 2048;
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private final int expectedWidth;
    private final int expectedHeight;

    /**
     * @param expectedWidth
     *            the image width required, or 0 for any
     * @param expectedHeight
     *            the image height required, or 0 for any
     */
    public PreviewDocumentValidator(int expectedWidth, int expectedHeight) {
        if (expectedWidth < 0 || expectedHeight < 0) {
            throw new IllegalArgumentException(
                    "expected size must be >= 0, was " + expectedWidth + "x" + expectedHeight);
        }
        this.expectedWidth = expectedWidth;
        this.expectedHeight = expectedHeight;
    }

    public int expectedWidth() {
        return expectedWidth;
    }

    public int expectedHeight() {
        return expectedHeight;
    }

    // ---- image ----

    public DocumentVerdict checkImage(PreviewedVoucher voucher, byte[] png) {
        String structure = pngStructureProblem(png);
        if (structure != null) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_PNG, voucher, structure);
        }
        BufferedImage img;
        try {
            img = decodePng(png);
        } catch (IOException | RuntimeException e) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_PNG, voucher, "does not decode: " + e.getMessage());
        }
        if (img == null) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_PNG, voucher, "does not decode to an image");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        if ((expectedWidth > 0 && w != expectedWidth) || (expectedHeight > 0 && h != expectedHeight)) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_SIZE, voucher,
                    "the image is " + w + "x" + h + ", expected " + size(expectedWidth) + "x" + size(expectedHeight));
        }
        String carried;
        try {
            carried = decodeQr(img);
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_QR, voucher, "no readable QR code in the image");
        }
        if (!carries(carried, voucher.code())) {
            return DocumentVerdict.failed(DocumentCheck.IMAGE_QR, voucher,
                    "the QR code carries \"" + clip(carried) + "\", not " + voucher.code());
        }
        return DocumentVerdict.passed();
    }

    /** Null when the bytes are a complete PNG with intact chunks, else what is wrong. */
    static String pngStructureProblem(byte[] png) {
        if (png == null || png.length < PNG_SIGNATURE.length) {
            return "not a PNG: " + (png == null ? 0 : png.length) + " bytes";
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (png[i] != PNG_SIGNATURE[i]) {
                return "not a PNG: wrong signature";
            }
        }
        ByteBuffer b = ByteBuffer.wrap(png);
        int pos = PNG_SIGNATURE.length;
        boolean first = true;
        CRC32 crc = new CRC32();
        while (pos < png.length) {
            if (png.length - pos < 12) {
                return "truncated: " + (png.length - pos) + " stray bytes after the last chunk, no IEND";
            }
            long length = Integer.toUnsignedLong(b.getInt(pos));
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > png.length - pos - 12L) {
                return "truncated: chunk " + printable(type) + " at byte " + pos + " declares " + length + " bytes, "
                        + Math.max(0, png.length - pos - 12) + " are there";
            }
            int len = (int) length;
            crc.reset();
            crc.update(png, pos + 4, 4 + len);
            long stored = Integer.toUnsignedLong(b.getInt(pos + 8 + len));
            if (crc.getValue() != stored) {
                return "chunk " + printable(type) + " at byte " + pos + " is damaged (CRC mismatch)";
            }
            if (first) {
                if (!type.equals("IHDR") || len < 8) {
                    return "the first chunk is " + printable(type) + ", not IHDR";
                }
                long w = Integer.toUnsignedLong(b.getInt(pos + 8));
                long h = Integer.toUnsignedLong(b.getInt(pos + 12));
                if (w == 0 || h == 0 || w * h > MAX_PIXELS) {
                    return "unreasonable size " + w + "x" + h;
                }
                first = false;
            }
            if (type.equals("IEND")) {
                return null;
            }
            pos += 12 + len;
        }
        return "truncated: no IEND chunk";
    }

    private static BufferedImage decodePng(byte[] png) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IOException("no PNG reader in this JVM");
        }
        ImageReader reader = readers.next();
        // In memory: ImageIO's default stream caches to temporary files, which is slow and needs a writable tmp.
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static String decodeQr(BufferedImage img) throws NotFoundException, ChecksumException, FormatException {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] pixels = img.getRGB(0, 0, w, h, null, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
        try {
            return new QRCodeReader().decode(bitmap).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            // A second, slower look before giving up; a clean card never needs it.
            Result r = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return r.getText();
        }
    }

    // ---- PDF ----

    public DocumentVerdict checkPdf(PreviewedVoucher voucher, byte[] pdf) {
        String structure = pdfStructureProblem(pdf);
        if (structure != null) {
            return DocumentVerdict.failed(DocumentCheck.PDF_STRUCTURE, voucher, structure);
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            if (pages < 1) {
                return DocumentVerdict.failed(DocumentCheck.PDF_PAGES, voucher, "the PDF has no pages");
            }
            String text;
            try {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(1);
                stripper.setEndPage(Math.min(pages, TEXT_PAGES));
                text = stripper.getText(doc);
            } catch (IOException | RuntimeException e) {
                return DocumentVerdict.failed(DocumentCheck.PDF_TEXT, voucher,
                        "its text cannot be read: " + e.getMessage());
            }
            if (!carries(text, voucher.code())) {
                return DocumentVerdict.failed(DocumentCheck.PDF_TEXT, voucher,
                        "the text of its " + pages + " page(s) does not contain " + voucher.code());
            }
            return DocumentVerdict.passed();
        } catch (IOException | RuntimeException e) {
            return DocumentVerdict.failed(DocumentCheck.PDF_PARSE, voucher, "does not parse: " + e.getMessage());
        }
    }

    /** Null when the file starts like a PDF and ends like a complete one, else what is wrong. */
    static String pdfStructureProblem(byte[] pdf) {
        if (pdf == null || pdf.length < 16) {
            return "not a PDF: " + (pdf == null ? 0 : pdf.length) + " bytes";
        }
        String head = new String(pdf, 0, Math.min(pdf.length, 1024), StandardCharsets.ISO_8859_1);
        if (!head.contains("%PDF-")) {
            return "not a PDF: no %PDF- header";
        }
        int from = Math.max(0, pdf.length - PDF_TAIL);
        String tail = new String(pdf, from, pdf.length - from, StandardCharsets.ISO_8859_1).stripTrailing();
        if (!tail.endsWith("%%EOF")) {
            return "truncated: the file (" + pdf.length + " bytes) does not end with %%EOF";
        }
        if (!tail.contains("startxref")) {
            return "incomplete: no startxref before %%EOF";
        }
        return null;
    }

    // ---- shared ----

    /** True when {@code code} occurs in {@code text} as a whole token. */
    static boolean carries(String text, String code) {
        if (text == null || code == null || code.isEmpty()) {
            return false;
        }
        if (text.equals(code)) {
            return true;
        }
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(code) + "(?![A-Za-z0-9])").matcher(text).find();
    }

    /**
     * Pays the one-time costs (ImageIO's registry, PDFBox's font set-up) before load starts, so the first previews are
     * not slower than the rest for reasons of the load generator. Once per JVM; never throws.
     */
    public static void warmUp() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        try {
            ImageIO.getImageReadersByFormatName("png");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(20, 20);
                    cs.showText("WARM1");
                    cs.endText();
                }
                doc.save(out);
            }
            new PreviewDocumentValidator(0, 0).checkPdf(new PreviewedVoucher("warm-up", "WARM1"), out.toByteArray());
        } catch (IOException | RuntimeException e) {
            // Only a warm-up: the real checks report any problem with a voucher's name on it.
        }
    }

    private static String size(int v) {
        return v == 0 ? "any" : Integer.toString(v);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "(unreadable type)";
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
