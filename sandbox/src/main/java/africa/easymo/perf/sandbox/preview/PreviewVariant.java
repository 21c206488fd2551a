package africa.easymo.perf.sandbox.preview;

/**
 * Which of the documents of one preview are damaged on purpose (see {@link PreviewFaults}); encoded in the document
 * URLs so that the documents served always match the answer given.
 */
record PreviewVariant(boolean degraded, boolean corruptPng, boolean foreignQr, boolean truncatedPdf) {

    static final PreviewVariant STANDARD = new PreviewVariant(false, false, false, false);
    static final PreviewVariant DEGRADED = new PreviewVariant(true, false, false, false);

    /** File name of the card image under {@code /documents/vouchers/<id>/}. */
    String imageName() {
        if (corruptPng && foreignQr) {
            return "card-foreign-qr-corrupt.png";
        }
        if (corruptPng) {
            return "card-corrupt.png";
        }
        return foreignQr ? "card-foreign-qr.png" : "card.png";
    }

    String pdfName() {
        return truncatedPdf ? "card-truncated.pdf" : "card.pdf";
    }
}
