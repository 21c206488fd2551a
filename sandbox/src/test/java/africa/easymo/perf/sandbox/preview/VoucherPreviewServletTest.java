package africa.easymo.perf.sandbox.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preview endpoint and its documents over real HTTP, against the sandbox's embedded database. */
class VoucherPreviewServletTest {
    private static final String SECRET = "test-bridge-secret-123";
    private static final UUID VOUCHER = UUID.fromString("0f0e0d0c-0b0a-4909-8807-060504030201");
    private static final String CODE = "PRV42";
    private static final OffsetDateTime EXPIRES = OffsetDateTime.of(2031, 3, 4, 5, 6, 0, 0, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    private static Sandbox sandbox;
    private static PreviewJourney journey;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).bridgeSharedSecret(SECRET).build());
        journey = PreviewJourney.of(sandbox.context());
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c
                .prepareStatement("insert into public.vouchers (id, code5, amount, amount_minor,"
                        + " currency, qr_payload, whatsapp_e164, policy_number, expires_at) values (?, ?, 5000.00,"
                        + " 500000, 'RWF', ?, '+250780000001', 'POL-1', ?)")) {
            ps.setObject(1, VOUCHER);
            ps.setString(2, CODE);
            ps.setString(3, "EASYMO:" + CODE);
            ps.setObject(4, EXPIRES);
            ps.executeUpdate();
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void clearFaults() {
        journey.faults().clear();
    }

    private static String body(String code) {
        return "{\"voucherId\":\"" + VOUCHER + "\",\"code\":\"" + code + "\",\"amount\":5000,\"currency\":\"RWF\","
                + "\"expiresAt\":\"" + EXPIRES + "\",\"stationScope\":null}";
    }

    private static HttpResponse<String> preview(String json, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/vouchers/preview"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-idempotency-key", CODE + "-t1-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (secret != null) {
            b.header("x-bridge-secret", secret);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode okPreview() throws Exception {
        HttpResponse<String> r = preview(body(CODE), SECRET);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String qr(BufferedImage img) throws NotFoundException {
        return new MultiFormatReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img))),
                        Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
    }

    @Test
    void answersWithRealDocumentsOfTheVoucher() throws Exception {
        JsonNode answer = okPreview();
        assertThat(answer.path("integration").path("status").asText()).isEqualTo("ok");
        assertThat(answer.path("integration").path("target").asText()).isEqualTo("voucher_preview");
        assertThat(answer.path("expiresAt").asText()).isEqualTo(EXPIRES.toInstant().toString());
        assertThat(answer.path("imageUrl").asText()).startsWith(sandbox.baseUrl() + "/documents/vouchers/" + VOUCHER);

        HttpResponse<byte[]> png = fetch(answer.path("imageUrl").asText());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(img.getWidth()).isEqualTo(VoucherCardRenderer.WIDTH);
        assertThat(img.getHeight()).isEqualTo(VoucherCardRenderer.HEIGHT);
        assertThat(qr(img)).isEqualTo(CODE);

        HttpResponse<byte[]> pdf = fetch(answer.path("pdfUrl").asText());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).hasValue("application/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(CODE).contains("5,000.00 RWF").contains("2031-03-04 05:06 UTC");
        }
    }

    @Test
    void drawsEachDocumentOncePerVoucher() throws Exception {
        okPreview();
        long renders = journey.stats().renders();
        long hits = journey.stats().cacheHits();
        for (int i = 0; i < 5; i++) {
            JsonNode a = okPreview();
            assertThat(fetch(a.path("imageUrl").asText()).statusCode()).isEqualTo(200);
        }
        assertThat(journey.stats().renders()).isEqualTo(renders);
        assertThat(journey.stats().cacheHits()).isEqualTo(hits + 10);
    }

    @Test
    void refusesBadPayloadsUnknownVouchersAndWrongSecrets() throws Exception {
        HttpResponse<String> r = preview("not json", SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_payload");

        r = preview(body("ab"), SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).startsWith("code:");

        r = preview(body("ZZZ99"), SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("is not the code of voucher " + VOUCHER);

        r = preview(body(CODE).replace("\"amount\":5000", "\"amount\":\"many\""), SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).startsWith("amount:");

        r = preview(body(CODE).replace(VOUCHER.toString(), "11111111-2222-4333-8444-555555555555"), SECRET);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("not_found");

        assertThat(preview(body(CODE), null).statusCode()).isEqualTo(401);
        assertThat(preview(body(CODE), "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void degradedBridgeAnswers503() throws Exception {
        admin("{\"degraded\":true}");
        HttpResponse<String> r = preview(body(CODE), SECRET);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode integration = JSON.readTree(r.body()).path("integration");
        assertThat(integration.path("status").asText()).isEqualTo("degraded");
        assertThat(integration.path("target").asText()).isEqualTo("voucher_preview");
        assertThat(integration.path("message").asText()).isNotBlank();
    }

    @Test
    void corruptPngFaultServesAPngWhoseDataIsDamaged() throws Exception {
        admin("{\"corruptPng\":1.0}");
        JsonNode a = okPreview();
        assertThat(a.path("pdfUrl").asText()).endsWith("/card.pdf");
        byte[] png = fetch(a.path("imageUrl").asText()).body();
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThatThrownBy(() -> ImageIO.read(new ByteArrayInputStream(png))).isInstanceOf(IOException.class);
        assertThat(journey.stats().corruptPng()).isPositive();
    }

    @Test
    void foreignQrFaultPrintsAnotherVouchersCode() throws Exception {
        admin("{\"foreignQr\":1.0}");
        JsonNode a = okPreview();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(fetch(a.path("imageUrl").asText()).body()));
        String carried = qr(img);
        assertThat(carried).matches("[A-Z0-9]{5}").isNotEqualTo(CODE);
    }

    @Test
    void truncatedPdfFaultCutsThePdf() throws Exception {
        byte[] good = fetch(okPreview().path("pdfUrl").asText()).body();
        admin("{\"truncatedPdf\":1.0}");
        byte[] cut = fetch(okPreview().path("pdfUrl").asText()).body();
        assertThat(cut).hasSize(good.length / 2);
        assertThat(new String(good, StandardCharsets.ISO_8859_1).stripTrailing()).endsWith("%%EOF");
        assertThat(new String(cut, StandardCharsets.ISO_8859_1)).doesNotContain("%%EOF");
    }

    @Test
    void slowRenderingDelaysEveryPreview() throws Exception {
        admin("{\"slowRenderMillis\":300}");
        long start = System.nanoTime();
        okPreview();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void adminRefusesUnknownSwitchesAndReportsStats() throws Exception {
        HttpResponse<String> r = adminRaw("POST", "{\"melted\":true}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("melted: unknown preview fault");
        assertThat(adminRaw("POST", "{\"corruptPng\":1.5}").statusCode()).isEqualTo(400);
        assertThat(journey.faults().corruptPng()).isZero();

        HttpResponse<String> stats = HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/preview/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stats.body()).has("previews")).isTrue();
        assertThat(HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/preview/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    }

    @Test
    void unknownDocumentsAre404() throws Exception {
        assertThat(fetch(sandbox.baseUrl() + "/documents/vouchers/" + VOUCHER + "/other.png").statusCode())
                .isEqualTo(404);
        assertThat(fetch(sandbox.baseUrl() + "/documents/vouchers/11111111-2222-4333-8444-555555555555/card.png")
                .statusCode()).isEqualTo(404);
    }

    private static void admin(String json) throws Exception {
        HttpResponse<String> r = adminRaw("POST", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static HttpResponse<String> adminRaw(String method, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/preview/faults"))
                        .header("content-type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
