package africa.easymo.perf.journeys.preview;

/**
 * The checks a preview's documents go through, in order; the first that fails names the failure. The names appear in
 * failure messages, counters ({@code preview.invalid.<name>}) and the run evidence.
 */
public enum DocumentCheck {
    /** The image URL answered 200 with a PNG content type. */
    IMAGE_FETCH("image.fetch"),
    /** The bytes are a well-formed PNG (signature, chunk CRCs, IHDR to IEND) that decodes to an image. */
    IMAGE_PNG("image.png"),
    /** The image has the expected width and height. */
    IMAGE_SIZE("image.size"),
    /** A QR code in the image decodes, and carries this voucher's code. */
    IMAGE_QR("image.qr"),
    /** The PDF URL answered 200 with a PDF content type. */
    PDF_FETCH("pdf.fetch"),
    /** The file is complete: {@code %PDF-} header, {@code startxref} and {@code %%EOF} at its end. */
    PDF_STRUCTURE("pdf.structure"),
    /** PDFBox parses it. */
    PDF_PARSE("pdf.parse"),
    /** It has at least one page. */
    PDF_PAGES("pdf.pages"),
    /** Its text contains this voucher's code. */
    PDF_TEXT("pdf.text");

    private final String id;

    DocumentCheck(String id) {
        this.id = id;
    }

    /** Short stable name, e.g. {@code image.qr}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
