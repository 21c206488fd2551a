package africa.easymo.perf.journeys.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.http.EngineHttpClient;
import africa.easymo.perf.http.HttpRequestSpec;
import africa.easymo.perf.testkit.InProcessJMeter;
import africa.easymo.perf.journeys.testsupport.RedeemFixture;
import africa.easymo.perf.journeys.testsupport.RedeemFixture.VoucherState;
import africa.easymo.perf.journeys.testsupport.RedeemPlan;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redeem journey on the real JMeter engine against the sandbox, checked against the database. */
class RedeemJourneyTest {
    static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        InProcessJMeter.init();
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void pointAtSandbox() {
        JMeterUtils.setProperty("SUPABASE_URL", sandbox.baseUrl().toString());
        JMeterUtils.setProperty("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey());
        JMeterUtils.setProperty("PERF_STATION_REDEEM_URL", sandbox.url("/redeem").toString());
    }

    @AfterEach
    void clearProperties() {
        for (String p : List.of("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "PERF_STATION_REDEEM_URL",
                "perf.shard.index", "perf.shard.count")) {
            JMeterUtils.getJMeterProperties().remove(p);
        }
    }

    List<SampleResult> run(Path summary, int threads, int loops, String probeShare) throws Exception {
        return InProcessJMeter.run(RedeemPlan.tree(summary.toString(), threads, loops, probeShare), dir);
    }

    static List<SampleResult> labelled(List<SampleResult> all, String label) {
        return all.stream().filter(s -> s.getSampleLabel().equals(label)).toList();
    }

    @Test
    void everySuccessfulRedeemIsPersistedAndEveryProbeRejected() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 6, 10);
        Path summary = f.writeSummary(dir.resolve("summary.json"));

        List<SampleResult> all = run(summary, 4, 12, "0.25");

        List<SampleResult> redeems = labelled(all, "redeem");
        List<SampleResult> probes = labelled(all, "redeem double-spend probe");
        List<SampleResult> readbacks = labelled(all, "redeem readback");
        assertThat(redeems.size() + probes.size()).isEqualTo(48);
        assertThat(probes).isNotEmpty().allSatisfy(p -> {
            assertThat(p.isSuccessful()).as(p.getResponseMessage()).isTrue();
            assertThat(p.getResponseCode()).isEqualTo("409");
        });
        assertThat(redeems).allSatisfy(r -> assertThat(r.isSuccessful()).as(r.getResponseMessage()).isTrue());
        assertThat(readbacks).hasSameSizeAs(redeems)
                .allSatisfy(r -> assertThat(r.isSuccessful()).as(r.getResponseMessage()).isTrue());
        assertThat(all).allSatisfy(s -> assertThat(s).isInstanceOf(HTTPSampleResult.class));

        Set<String> redeemed = redeems.stream().map(r -> voucherOf(r)).collect(Collectors.toSet());
        assertThat(redeemed).as("no voucher redeemed twice by the run").hasSameSizeAs(redeems);
        Map<String, VoucherState> db = f.states();
        for (String v : f.allVoucherIds()) {
            VoucherState s = db.get(v);
            if (redeemed.contains(v)) {
                assertThat(s.status()).isEqualTo("redeemed");
                assertThat(s.redeemedBy()).isEqualTo(f.stationOf(v));
                assertThat(s.redeemEvents()).isEqualTo(1);
            } else {
                assertThat(s.status()).isEqualTo("issued");
                assertThat(s.redeemEvents()).isZero();
            }
        }
        EasymoRun ctx = EasymoRun.latest().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> rec = (Map<String, Object>) ctx.evidence().get("reconciliation.redeem").orElseThrow();
        assertThat(rec).containsEntry("passed", true).containsEntry("doubleSpendsAccepted", 0L)
                .containsEntry("successfulRedeems", (long) redeems.size())
                .containsEntry("redeemedInDb", redeems.size());
        assertThat(ctx.counters().get("redeem.double_spend_accepted")).isZero();
        assertThat(EasymoRun.latest().orElseThrow().outcome().failures()).isEmpty();

        List<String> tokens = f.payloads.stream().map(StationRedeemPayload::token).toList();
        for (SampleResult s : all) {
            String text = s.getSamplerData() + ((HTTPSampleResult) s).getRequestHeaders() + s.getResponseHeaders()
                    + s.getResponseDataAsString() + s.getResponseMessage();
            for (String t : tokens) {
                assertThat(text).doesNotContain(t);
            }
            assertThat(text).doesNotContain(sandbox.serviceRoleKey());
        }
        assertThat(((HTTPSampleResult) redeems.get(0)).getRequestHeaders()).contains("Bearer " + Redactor.MASK)
                .contains("Idempotency-Key: test-redeem-");
    }

    @Test
    void anExhaustedPoolStopsTheThreadInsteadOfReRedeeming() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 1, 3);
        Path summary = f.writeSummary(dir.resolve("summary.json"));

        List<SampleResult> all = run(summary, 2, 5, "0");

        assertThat(labelled(all, "redeem")).hasSize(3).allSatisfy(r -> assertThat(r.isSuccessful()).isTrue());
        assertThat(EasymoRun.latest().orElseThrow().counters().get("redeem.pool_exhausted_arrivals")).isPositive();
        assertThat(f.states().values()).allSatisfy(s -> assertThat(s.redeemEvents()).isEqualTo(1));
        assertThat(EasymoRun.latest().orElseThrow().outcome().failures()).isEmpty();
    }

    @Test
    void shardsSplitThePoolBetweenEngines() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 2, 6);
        Path summary = f.writeSummary(dir.resolve("summary.json"));
        JMeterUtils.setProperty("perf.shard.index", "1");
        JMeterUtils.setProperty("perf.shard.count", "2");

        List<SampleResult> all = run(summary, 2, 10, "0");

        Set<String> redeemed = labelled(all, "redeem").stream().map(RedeemJourneyTest::voucherOf)
                .collect(Collectors.toSet());
        Set<String> odd = new HashSet<>();
        for (StationRedeemPayload p : f.payloads) {
            for (int i = 1; i < p.voucherIds().size(); i += 2) {
                odd.add(p.voucherIds().get(i));
            }
        }
        assertThat(redeemed).isEqualTo(odd);
    }

    @Test
    void twoRedeemsRacingOneVoucherHaveExactlyOneWinner() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 1, 20);
        StationRedeemPayload st = f.payloads.get(0);
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try (EngineHttpClient http = new EngineHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(10), 4,
                () -> Redactor.of(List.of(st.token())))) {
            for (String v : st.voucherIds()) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HTTPSampleResult>> racers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    racers.add(ex.submit(() -> {
                        go.await();
                        return http.execute(HttpRequestSpec.post(sandbox.url("/redeem"))
                                .withHeader("authorization", "Bearer " + st.token())
                                .withHeader("Idempotency-Key", "race-" + v + "-" + n).withJsonBody(
                                        "{\"voucherId\":\"" + v + "\",\"stationId\":\"" + st.stationId() + "\"}"));
                    }));
                }
                go.countDown();
                List<String> codes = new ArrayList<>();
                for (Future<HTTPSampleResult> r : racers) {
                    HTTPSampleResult res = r.get(30, TimeUnit.SECONDS);
                    codes.add(res.getResponseCode()
                            + (res.getResponseCode().equals("409") ? res.getResponseDataAsString() : ""));
                }
                assertThat(codes).as(v).hasSize(2).anyMatch(c -> c.equals("200"))
                        .anyMatch(c -> c.startsWith("409") && c.contains("already_redeemed"));
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(f.states().values()).hasSize(20).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo("redeemed");
            assertThat(s.redeemEvents()).isEqualTo(1);
        });
    }

    @Test
    void twoOverlappingRunsOnOnePoolRedeemEachVoucherOnce() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 4, 10);
        Path summary = f.writeSummary(dir.resolve("summary.json"));
        // The other run: another engine working through the same pool at the same time, over plain HTTP.
        List<StationRedeemPayload> payloads = f.payloads;
        ExecutorService other = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        Future<Integer> otherWins = other.submit(() -> {
            int wins = 0;
            try (EngineHttpClient http = new EngineHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(10), 2,
                    () -> Redactor.of(List.of()))) {
                started.countDown();
                for (int i = 0; i < 10; i++) {
                    for (StationRedeemPayload p : payloads) {
                        HTTPSampleResult r = http.execute(HttpRequestSpec.post(sandbox.url("/redeem"))
                                .withHeader("authorization", "Bearer " + p.token()).withJsonBody("{\"voucherId\":\""
                                        + p.voucherIds().get(i) + "\",\"stationId\":\"" + p.stationId() + "\"}"));
                        wins += r.getResponseCode().equals("200") ? 1 : 0;
                    }
                }
            }
            return wins;
        });
        started.await(10, TimeUnit.SECONDS);
        List<SampleResult> all;
        try {
            all = run(summary, 3, 20, "0");
        } finally {
            other.shutdown();
        }
        int theirs = otherWins.get(60, TimeUnit.SECONDS);
        long ours = labelled(all, "redeem").stream().filter(SampleResult::isSuccessful).count();

        Map<String, VoucherState> db = f.states();
        long redeemedInDb = db.values().stream().filter(s -> s.status().equals("redeemed")).count();
        assertThat(db.values()).allSatisfy(s -> assertThat(s.redeemEvents()).isLessThanOrEqualTo(1));
        assertThat(ours + theirs).isEqualTo(redeemedInDb);
        @SuppressWarnings("unchecked")
        Map<String, Object> rec = (Map<String, Object>) EasymoRun.latest().orElseThrow().evidence()
                .get("reconciliation.redeem").orElseThrow();
        assertThat(rec).containsEntry("passed", true).containsEntry("doubleSpendsAccepted", 0L);
    }

    // ---- fail fast: one clear line, no sample ----

    @Test
    void aMissingSummaryStopsTheRunBeforeAnySample() throws Exception {
        Path missing = dir.resolve("nope/perf_seed_summary.json");
        assertRefused(() -> run(missing, 2, 2, "0"), missing.toString());
    }

    @Test
    void aSummaryWithoutRedeemPayloadsStopsTheRun() throws Exception {
        Path summary = dir.resolve("empty.json");
        SeedSummary.builder().seedVersion("test").generatedAt(Instant.now())
                .campaignDispatch(new CampaignDispatch(UUID.randomUUID().toString(), "b", MsisdnList.empty())).build()
                .write(summary);
        assertRefused(() -> run(summary, 2, 2, "0"), "stationRedeemPayloads");
    }

    @Test
    void anUnsetRedeemUrlStopsTheRun() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 1, 2);
        Path summary = f.writeSummary(dir.resolve("summary.json"));
        JMeterUtils.getJMeterProperties().remove("PERF_STATION_REDEEM_URL");
        assertRefused(() -> run(summary, 1, 1, "0"), "PERF_STATION_REDEEM_URL is not set");
        assertThat(f.states().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo("issued"));
    }

    @Test
    void aTargetThatRefusesConnectionsStopsTheRun() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 1, 2);
        Path summary = f.writeSummary(dir.resolve("summary.json"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JMeterUtils.setProperty("PERF_STATION_REDEEM_URL", "http://127.0.0.1:" + port + "/redeem");
        assertRefused(() -> run(summary, 1, 1, "0"), "PERF_STATION_REDEEM_URL points at http://127.0.0.1:" + port);
    }

    interface Run {
        List<SampleResult> go() throws Exception;
    }

    void assertRefused(Run run, String expected) throws Exception {
        List<SampleResult> samples = new ArrayList<>();
        // a refused start ends the run normally, before any thread group starts: no sample, one recorded reason
        samples.addAll(run.go());
        assertThat(samples).isEmpty();
        assertThat(EasymoRun.latest().orElseThrow().outcome().refused()).isTrue();
        assertThat(EasymoRun.latest().orElseThrow().outcome().failures()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(expected));
    }

    static String voucherOf(SampleResult r) {
        String q = ((HTTPSampleResult) r).getQueryString();
        int i = q.indexOf("\"voucherId\":\"") + 13;
        return q.substring(i, i + 36);
    }

}
