package africa.easymo.perf.journeys.preview;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.preview.VoucherCardRenderer;
import africa.easymo.perf.sandbox.preview.VoucherFacts;
import africa.easymo.perf.sandbox.preview.VoucherPdfRenderer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every check of the validator, each with a document damaged the way that check must catch. */
class PreviewDocumentValidatorTest {
    private static final UUID ID = UUID.fromString("3f1d5c7f-10c7-40aa-b94c-2bd44c882148");
    private static final VoucherFacts FACTS = new VoucherFacts(ID, "AB3C9", new BigDecimal("15000.00"), "RWF",
            OffsetDateTime.of(2031, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC), "issued");
    private static final PreviewedVoucher VOUCHER = new PreviewedVoucher(ID.toString(), "AB3C9");
    private static final PreviewDocumentValidator VALIDATOR = new PreviewDocumentValidator(800, 400);

    private static byte[] png;
    private static byte[] pdf;

    @BeforeAll
    static void render() {
        png = new VoucherCardRenderer().render(FACTS, FACTS.code());
        pdf = new VoucherPdfRenderer().render(FACTS, FACTS.code());
    }

    private static void assertFails(DocumentVerdict v, DocumentCheck check, String detail) {
        assertThat(v.isPassed()).as(v.message()).isFalse();
        assertThat(v.failedCheck()).as(v.message()).isEqualTo(check);
        assertThat(v.message()).startsWith(check.id() + " failed for voucher AB3C9 (" + ID + "): ").contains(detail);
    }

    @Test
    void realDocumentsPass() {
        assertThat(VALIDATOR.checkImage(VOUCHER, png)).isEqualTo(DocumentVerdict.passed());
        assertThat(VALIDATOR.checkPdf(VOUCHER, pdf)).isEqualTo(DocumentVerdict.passed());
    }

    @Test
    void pngWithDamagedImageDataFails() {
        byte[] bad = png.clone();
        int idat = indexOf(bad, "IDAT".getBytes(StandardCharsets.US_ASCII));
        for (int i = idat + 4; i < idat + 68; i++) {
            bad[i] ^= (byte) 0xFF;
        }
        assertFails(VALIDATOR.checkImage(VOUCHER, bad), DocumentCheck.IMAGE_PNG, "chunk IDAT at byte");
    }

    @Test
    void pngWithDamagedDataButRecomputedCrcStillFailsToDecode() {
        byte[] bad = png.clone();
        int type = indexOf(bad, "IDAT".getBytes(StandardCharsets.US_ASCII));
        int len = ByteBuffer.wrap(bad).getInt(type - 4);
        for (int i = type + 4; i < type + 4 + Math.min(len, 64); i++) {
            bad[i] ^= (byte) 0xFF;
        }
        CRC32 crc = new CRC32();
        crc.update(bad, type, 4 + len);
        ByteBuffer.wrap(bad).putInt(type + 4 + len, (int) crc.getValue());
        assertFails(VALIDATOR.checkImage(VOUCHER, bad), DocumentCheck.IMAGE_PNG, "does not decode");
    }

    @Test
    void truncatedPngFails() {
        assertFails(VALIDATOR.checkImage(VOUCHER, Arrays.copyOf(png, png.length / 2)), DocumentCheck.IMAGE_PNG,
                "truncated");
    }

    @Test
    void somethingElseThanAPngFails() {
        assertFails(VALIDATOR.checkImage(VOUCHER, "<html>oops</html>".getBytes(StandardCharsets.UTF_8)),
                DocumentCheck.IMAGE_PNG, "not a PNG");
        assertFails(VALIDATOR.checkImage(VOUCHER, pdf), DocumentCheck.IMAGE_PNG, "not a PNG");
    }

    @Test
    void imageOfTheWrongSizeFails() throws Exception {
        BufferedImage card = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage bigger = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bigger.createGraphics();
        g.drawImage(card, 0, 0, 1000, 500, null);
        g.dispose();
        assertFails(VALIDATOR.checkImage(VOUCHER, encode(bigger)), DocumentCheck.IMAGE_SIZE,
                "the image is 1000x500, expected 800x400");
        assertThat(new PreviewDocumentValidator(0, 0).checkImage(VOUCHER, encode(bigger)).isPassed()).isTrue();
    }

    @Test
    void imageWithoutQrCodeFails() throws Exception {
        BufferedImage blank = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 400);
        g.setColor(Color.BLACK);
        g.drawString("AB3C9", 30, 100);
        g.dispose();
        assertFails(VALIDATOR.checkImage(VOUCHER, encode(blank)), DocumentCheck.IMAGE_QR, "no readable QR code");
    }

    @Test
    void qrCodeOfAnotherVoucherFails() {
        byte[] foreign = new VoucherCardRenderer().render(FACTS, "BC4DA");
        assertFails(VALIDATOR.checkImage(VOUCHER, foreign), DocumentCheck.IMAGE_QR,
                "the QR code carries \"BC4DA\", not AB3C9");
        byte[] longer = new VoucherCardRenderer().render(FACTS, "XAB3C9");
        assertFails(VALIDATOR.checkImage(VOUCHER, longer), DocumentCheck.IMAGE_QR, "carries \"XAB3C9\"");
    }

    @Test
    void qrCodeCarryingTheCodeInsideAPayloadPasses() {
        byte[] payload = new VoucherCardRenderer().render(FACTS, "EASYMO:AB3C9");
        assertThat(VALIDATOR.checkImage(VOUCHER, payload).isPassed()).isTrue();
    }

    @Test
    void truncatedPdfFails() {
        assertFails(VALIDATOR.checkPdf(VOUCHER, Arrays.copyOf(pdf, pdf.length / 2)), DocumentCheck.PDF_STRUCTURE,
                "does not end with %%EOF");
    }

    @Test
    void somethingElseThanAPdfFails() {
        assertFails(VALIDATOR.checkPdf(VOUCHER, png), DocumentCheck.PDF_STRUCTURE, "no %PDF- header");
        assertFails(VALIDATOR.checkPdf(VOUCHER, new byte[3]), DocumentCheck.PDF_STRUCTURE, "not a PDF");
    }

    @Test
    void completeLookingPdfThatDoesNotParseFails() {
        byte[] junk = "%PDF-1.7\nthis is no pdf body at all\nstartxref\n12345\n%%EOF\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        DocumentVerdict v = VALIDATOR.checkPdf(VOUCHER, junk);
        assertThat(v.failedCheck()).as(v.message()).isIn(DocumentCheck.PDF_PARSE, DocumentCheck.PDF_PAGES);
        assertThat(v.message()).contains("for voucher AB3C9");
    }

    @Test
    void pdfWithoutPagesFails() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            doc.save(out);
        }
        assertFails(VALIDATOR.checkPdf(VOUCHER, out.toByteArray()), DocumentCheck.PDF_PAGES, "no pages");
    }

    @Test
    void pdfOfAnotherVoucherFails() {
        VoucherFacts other = new VoucherFacts(ID, "ZZ999", FACTS.amount(), "RWF", FACTS.expiresAt(), "issued");
        byte[] otherPdf = new VoucherPdfRenderer().render(other, other.code());
        assertFails(VALIDATOR.checkPdf(VOUCHER, otherPdf), DocumentCheck.PDF_TEXT, "does not contain AB3C9");
    }

    @Test
    void codeMustBeAWholeToken() {
        assertThat(PreviewDocumentValidator.carries("AB3C9", "AB3C9")).isTrue();
        assertThat(PreviewDocumentValidator.carries("Code: AB3C9\n", "AB3C9")).isTrue();
        assertThat(PreviewDocumentValidator.carries("https://x/v/AB3C9?x=1", "AB3C9")).isTrue();
        assertThat(PreviewDocumentValidator.carries("AB3C99", "AB3C9")).isFalse();
        assertThat(PreviewDocumentValidator.carries("", "AB3C9")).isFalse();
    }

    private static byte[] encode(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer: for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
