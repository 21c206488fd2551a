package africa.easymo.perf.lib.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.lib.fixture.FixtureOptions;
import africa.easymo.perf.lib.fixture.FixturePlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSummaryTest {
    static final String V1 = "11111111-2222-3333-4444-555555555555";
    static final String V2 = "11111111-2222-3333-4444-666666666666";
    static final String ST = "71efbf5f-5f38-08c2-ccce-5d0a9de0cc3d";
    static final String U = "cbc775a4-56f3-73eb-5e38-6b805f5c2b5f";
    static final String C = "3269c1c9-452b-5b7d-2d3b-eccd3e1ad6b2";

    /** The old harness's format: the schema version 1 fields only, its codes, a null token, integer amounts. */
    static final String OLD = """
            {
              "generatedAt": "2025-01-14T09:30:12.345Z",
              "seedVersion": "perf-load-2025-01",
              "voucherPreviewPayloads": [
                {"voucherId": "%1$s", "code": "PERF00001", "amount": 2000, "currency": "RWF",
                 "expiresAt": "2025-02-13T09:30:12.345Z", "stationScope": "%3$s"}
              ],
              "stationRedeemPayloads": [
                {"stationId": "%3$s", "stationCode": "ENG-PERF-001",
                 "operator": {"msisdn": "+250780900001", "displayName": "Perf Admin", "userId": "%4$s"},
                 "voucherIds": ["%1$s", "%2$s"], "voucherCodes": ["PERFR00101", "PERFR00102"], "token": null}
              ],
              "campaignDispatch": {"campaignId": "%5$s", "batchReference": "perf-bulk",
                 "bulkTargetMsisdns": ["+250780950000", "+250780950001", "+250780950002"]},
              "curatedCampaignTargets": [{"id": "%2$s", "status": "queued", "msisdn": "+250780900101"}]
            }
            """.formatted(V1, V2, ST, U, C);

    private static SeedSummary parse(String json) {
        return SeedSummary.read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "perf_seed_summary.json");
    }

    @Test
    void readsTheOldHarnessFormat(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("perf_seed_summary.json");
        Files.writeString(f, OLD);
        SeedSummary s = SeedSummary.read(f);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.isLegacyFormat()).isTrue();
        assertThat(s.seedVersion()).isEqualTo("perf-load-2025-01");
        assertThat(s.generatedAt()).isEqualTo(Instant.parse("2025-01-14T09:30:12.345Z"));
        VoucherPreviewPayload p = s.voucherPreviewPayloads().get(0);
        assertThat(p).isEqualTo(new VoucherPreviewPayload(V1, "PERF00001", new BigDecimal("2000"), "RWF",
                Instant.parse("2025-02-13T09:30:12.345Z"), ST));
        StationRedeemPayload st = s.stationRedeemPayloads().get(0);
        assertThat(st.token()).isNull();
        assertThat(st.voucherIds()).containsExactly(V1, V2);
        assertThat(st.operator()).isEqualTo(new Operator("+250780900001", "Perf Admin", U));
        assertThat(s.redeemPoolPerStation()).isEqualTo(2);
        assertThat(s.campaignDispatch().bulkTargetMsisdns().asList()).containsExactly("+250780950000", "+250780950001",
                "+250780950002");
        assertThat(s.curatedCampaignTargets()).containsExactly(new CuratedTarget(V2, "queued", "+250780900101"));
        assertThat(s.fixtureVouchers()).isEmpty();
        assertThat(s.draftCampaignId()).isNull();
    }

    @Test
    void unknownFieldsAreIgnored() {
        SeedSummary s = parse(OLD.replace("\"seedVersion\"", "\"extra\": {\"a\": [1, {\"b\": 2}]}, \"seedVersion\""));
        assertThat(s.seedVersion()).isEqualTo("perf-load-2025-01");
    }

    @Test
    void errorsNameTheFileAndTheFieldPath() {
        assertError(OLD.replace("[\"%s\", \"%s\"]".formatted(V1, V2), "[\"nope\", \"%s\"]".formatted(V2)),
                "perf_seed_summary.json: stationRedeemPayloads[0].voucherIds[0]: not a UUID");
        assertError(OLD.replace("\"+250780950001\"", "\"0780950001\""),
                "perf_seed_summary.json: campaignDispatch.bulkTargetMsisdns[1]: not an MSISDN (+ and 7 to 15 digits)");
        assertError(OLD.replace("\"+250780950002\"", "\"+250780950000\""),
                "perf_seed_summary.json: campaignDispatch.bulkTargetMsisdns[2]: +250780950000 duplicates [0]: each target must appear once");
        assertError(OLD.replace("\"seedVersion\": \"perf-load-2025-01\",", ""),
                "perf_seed_summary.json: seedVersion: missing");
        assertError(OLD.replace("\"currency\": \"RWF\",", ""),
                "perf_seed_summary.json: voucherPreviewPayloads[0].currency: missing");
        assertError(OLD.replace("\"amount\": 2000", "\"amount\": \"lots\""),
                "perf_seed_summary.json: voucherPreviewPayloads[0].amount: not a number");
        assertError(OLD.replace("\"2025-02-13T09:30:12.345Z\"", "\"tomorrow\""),
                "perf_seed_summary.json: voucherPreviewPayloads[0].expiresAt: not an ISO-8601 timestamp");
        assertError(OLD.replace("\"status\": \"queued\"", "\"status\": \"lost\""),
                "perf_seed_summary.json: curatedCampaignTargets[0].status: 'lost' is not one of [cancelled, delivered, failed, policy_blocked, queued, read, sent]");
        assertError(OLD.replace("\"PERFR00102\"", ""),
                "perf_seed_summary.json: stationRedeemPayloads[0].voucherCodes[1]: invalid JSON at line 11");
        assertError(OLD.replace(", \"PERFR00102\"", ""),
                "perf_seed_summary.json: stationRedeemPayloads[0].voucherCodes: 1 codes for 2 voucherIds");
        assertError(
                OLD.replace("\"operator\": {", "\"operator\": {\"x\": 1, ").replace("\"userId\": \"" + U + "\"",
                        "\"userId\": 7"),
                "perf_seed_summary.json: stationRedeemPayloads[0].operator.userId: not a UUID");
        assertError(OLD.replace("\"campaignDispatch\": {", "\"campaignDispatch\": [").replace("]},", "]],"),
                "perf_seed_summary.json: campaignDispatch: not a JSON object");
        assertError(OLD.replace("\"bulkTargetMsisdns\"", "\"bulkTargetCount\": 2, \"bulkTargetMsisdns\""),
                "perf_seed_summary.json: campaignDispatch.bulkTargetCount: 2 but bulkTargetMsisdns holds 3");
        assertThat(parse(OLD.replace("\"bulkTargetMsisdns\"", "\"bulkTargetCount\": 3, \"bulkTargetMsisdns\""))
                .campaignDispatch().bulkTargetMsisdns().size()).isEqualTo(3);
        assertError("[]", "perf_seed_summary.json: not a JSON object");
        assertError("", "perf_seed_summary.json: empty file");
        assertError("{\"schemaVersion\": 9}",
                "perf_seed_summary.json: schemaVersion: version 9 is newer than this build reads (up to 2): update easymo-perf");
        assertError(
                OLD.replace("\"voucherIds\": [\"%s\", \"%s\"]".formatted(V1, V2),
                        "\"voucherIds\": [\"%s\", \"%s\"]".formatted(V1, V1.toUpperCase())),
                "perf_seed_summary.json: stationRedeemPayloads[0].voucherIds[1]: duplicates stationRedeemPayloads[0].voucherIds[0]: a pool voucher can be redeemed only once");
    }

    @Test
    void currentFormatRequiresFiveCharacterCodesAndTokens() {
        String v2 = OLD.replace("{\n  \"generatedAt\"", "{\n  \"schemaVersion\": 2, \"generatedAt\"");
        assertError(v2,
                "perf_seed_summary.json: voucherPreviewPayloads[0].code: not a voucher code (exactly 5 characters A-Z 0-9)");
        String codesOk = v2.replace("PERF00001", "PF001").replace("PERFR00101", "R0000").replace("PERFR00102", "R0001");
        assertError(codesOk,
                "perf_seed_summary.json: stationRedeemPayloads[0].token: missing (every station needs its token)");
        assertThat(parse(codesOk.replace("\"token\": null", "\"token\": \"pst_1\"")).schemaVersion()).isEqualTo(2);
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path f = dir.resolve("nothing.json");
        assertThatThrownBy(() -> SeedSummary.read(f)).isInstanceOf(SeedSummaryException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        SeedSummary s = FixturePlan.of(FixtureOptions.defaults().withBulkTargets(100)).toSummary();
        Path f = dir.resolve("sub/perf_seed_summary.json");
        s.write(f);
        Files.writeString(dir.resolve("sub/keep.txt"), "x");
        s.write(f);
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("perf_seed_summary.json",
                    "keep.txt");
        }
        assertThat(SeedSummary.read(f)).isEqualTo(s);
        assertThat(Files.readString(f)).contains("\"schemaVersion\" : 2").contains("\"perStation\" : 30");
    }

    @Test
    void failedWriteKeepsThePreviousFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("perf_seed_summary.json");
        Files.writeString(f, OLD);
        Path asDir = dir.resolve("blocked");
        Files.createDirectories(asDir.resolve("x"));
        SeedSummary s = parse(OLD);
        // Renaming a file over a non-empty directory fails: the original must survive, no temp file may remain.
        assertThatThrownBy(() -> s.write(asDir)).isInstanceOf(SeedSummaryException.class)
                .hasMessageStartingWith(asDir + ": cannot be written");
        assertThat(Files.readString(f)).isEqualTo(OLD);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("perf_seed_summary.json",
                    "blocked");
        }
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(SeedSummaryException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(message));
    }
}
