package africa.easymo.perf.sandbox.preview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Writes a voucher as a one-page PDF (A6 landscape) with the same facts and QR code as its card. */
public final class VoucherPdfRenderer {
    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A6.getHeight(), PDRectangle.A6.getWidth());

    public byte[] render(VoucherFacts v, String qrContent) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(CardText.TITLE + " " + v.code());
            info.setSubject("Voucher " + v.id());
            info.setCreator("easymo-perf sandbox");
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER_BOLD);
            PDImageXObject qr = LosslessFactory.createFromImage(doc, VoucherQr.image(qrContent, 280));
            float h = PAGE.getHeight();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                text(cs, bold, 16, 24, h - 36, CardText.TITLE);
                text(cs, regular, 9, 24, h - 66, "Voucher code");
                text(cs, mono, 30, 24, h - 96, v.code());
                text(cs, regular, 9, 24, h - 122, "Amount");
                text(cs, bold, 16, 24, h - 142, CardText.amount(v));
                text(cs, regular, 9, 24, h - 168, "Expires");
                text(cs, regular, 12, 24, h - 184, CardText.expiry(v));
                text(cs, regular, 7, 24, 24, "Voucher " + v.id() + " - " + v.status());
                cs.drawImage(qr, PAGE.getWidth() - 24 - 140, h - 66 - 140, 140, 140);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }
}
