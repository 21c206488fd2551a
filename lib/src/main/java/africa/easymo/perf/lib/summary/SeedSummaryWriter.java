package africa.easymo.perf.lib.summary;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Streams a summary out; the file variant writes a sibling temporary file and renames it over the target. */
final class SeedSummaryWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private SeedSummaryWriter() {
    }

    static void writeAtomically(SeedSummary s, Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // createFile (not createTempFile, which is owner-only) so the summary gets the usual umask permissions
            // and a CI job running JMeter as another user can read it.
            tmp = Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime())
                    + Long.toHexString(Thread.currentThread().getId()) + ".tmp"));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
                            1 << 16)) {
                write(s, out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new SeedSummaryException(file.toString(), null, "cannot be written: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one worth reporting
                }
            }
        }
    }

    static void write(SeedSummary s, OutputStream out) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            g.writeNumberField("schemaVersion", s.schemaVersion());
            g.writeStringField("generatedAt", s.generatedAt().toString());
            g.writeStringField("seedVersion", s.seedVersion());
            g.writeArrayFieldStart("voucherPreviewPayloads");
            for (VoucherPreviewPayload v : s.voucherPreviewPayloads()) {
                g.writeStartObject();
                g.writeStringField("voucherId", v.voucherId());
                g.writeStringField("code", v.code());
                g.writeNumberField("amount", v.amount());
                g.writeStringField("currency", v.currency());
                g.writeStringField("expiresAt", v.expiresAt().toString());
                g.writeStringField("stationScope", v.stationScope());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("redeemPool");
            g.writeNumberField("perStation", s.redeemPoolPerStation());
            g.writeNumberField("stations", s.stationRedeemPayloads().size());
            g.writeNumberField("total", s.redeemPoolSize());
            g.writeEndObject();
            g.writeArrayFieldStart("stationRedeemPayloads");
            for (StationRedeemPayload st : s.stationRedeemPayloads()) {
                g.writeStartObject();
                g.writeStringField("stationId", st.stationId());
                g.writeStringField("stationCode", st.stationCode());
                g.writeObjectFieldStart("operator");
                g.writeStringField("msisdn", st.operator().msisdn());
                g.writeStringField("displayName", st.operator().displayName());
                g.writeStringField("userId", st.operator().userId());
                g.writeEndObject();
                g.writeArrayFieldStart("voucherIds");
                for (String id : st.voucherIds()) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("voucherCodes");
                for (String c : st.voucherCodes()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("token", st.token());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("campaignDispatch");
            g.writeStringField("campaignId", s.campaignDispatch().campaignId());
            g.writeStringField("batchReference", s.campaignDispatch().batchReference());
            MsisdnList m = s.campaignDispatch().bulkTargetMsisdns();
            g.writeNumberField("bulkTargetCount", m.size());
            g.writeArrayFieldStart("bulkTargetMsisdns");
            for (int i = 0; i < m.size(); i++) {
                g.writeString(m.get(i));
            }
            g.writeEndArray();
            g.writeEndObject();
            if (s.draftCampaignId() != null) {
                g.writeStringField("draftCampaignId", s.draftCampaignId());
            }
            g.writeArrayFieldStart("curatedCampaignTargets");
            for (CuratedTarget t : s.curatedCampaignTargets()) {
                g.writeStartObject();
                g.writeStringField("id", t.id());
                g.writeStringField("status", t.status());
                g.writeStringField("msisdn", t.msisdn());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("fixtureVouchers");
            for (FixtureVoucher v : s.fixtureVouchers()) {
                g.writeStartObject();
                g.writeStringField("voucherId", v.voucherId());
                g.writeStringField("code", v.code());
                g.writeStringField("status", v.status());
                g.writeStringField("stationScope", v.stationScope());
                g.writeStringField("campaignId", v.campaignId());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }
}
