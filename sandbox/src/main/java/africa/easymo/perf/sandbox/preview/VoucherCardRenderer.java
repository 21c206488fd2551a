package africa.easymo.perf.sandbox.preview;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Draws a voucher card as a PNG: code, amount, currency, expiry and a QR code that carries the code. */
public final class VoucherCardRenderer {
    /** Card width in pixels; the plugin's validator expects it by default. */
    public static final int WIDTH = 800;
    /** Card height in pixels. */
    public static final int HEIGHT = 400;
    private static final int QR_SIZE = 280;
    private static final Color BRAND = new Color(0x1B, 0x7F, 0x5C);
    private static final Color MUTED = new Color(0x5F, 0x63, 0x68);

    static {
        // The sandbox never opens a window; without this a missing display would break rendering.
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * @param qrContent
     *            what the QR code carries: the voucher's code, except when a fault wants another
     */
    public byte[] render(VoucherFacts v, String qrContent) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(BRAND);
            g.fillRect(0, 0, WIDTH, 70);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
            g.drawString(CardText.TITLE, 30, 47);

            label(g, "Voucher code", 115);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 64));
            g.drawString(v.code(), 30, 180);
            label(g, "Amount", 225);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 34));
            g.drawString(CardText.amount(v), 30, 262);
            label(g, "Expires", 305);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 24));
            g.drawString(CardText.expiry(v), 30, 336);
            g.setColor(MUTED);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("Voucher " + v.id() + " · " + v.status(), 30, 380);

            g.drawImage(VoucherQr.image(qrContent, QR_SIZE), WIDTH - QR_SIZE - 30, 95, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void label(Graphics2D g, String text, int y) {
        g.setColor(MUTED);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        g.drawString(text, 30, y);
    }
}
