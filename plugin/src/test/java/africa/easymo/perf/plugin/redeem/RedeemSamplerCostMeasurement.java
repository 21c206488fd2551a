package africa.easymo.perf.plugin.redeem;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.summary.Operator;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.plugin.engine.EasymoTarget;
import africa.easymo.perf.plugin.engine.EngineContext;
import africa.easymo.perf.plugin.testsupport.InProcessJMeter;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerFactory;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerProxy;
import org.apache.jmeter.protocol.http.util.HTTPArgument;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.Test;

/**
 * Not a test: measures CPU per sample and latency of the Station Redeem sampler against JMeter's stock HTTP Request
 * sampler (HttpClient4) on the same trivial endpoint, one thread, closed loop. Prints, asserts nothing. Run with
 * {@code -Dperf.measure=true}.
 */
class RedeemSamplerCostMeasurement {
    static final int WARMUP = 5_000;
    static final int N = 20_000;

    @Test
    void measure() throws Exception {
        assumeTrue(Boolean.getBoolean("perf.measure"), "set -Dperf.measure=true to measure");
        InProcessJMeter.init();
        byte[] body = "{\"status\":\"redeemed\",\"voucherId\":\"x\",\"amount\":5000,\"currency\":\"RWF\"}"
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            JMeterContextService.getContext().setVariables(new JMeterVariables());
            EngineContext ctx = EngineContext.forThisRun();
            Map<Setting, String> s = new EnumMap<>(Setting.class);
            s.put(Setting.PERF_STATION_REDEEM_URL, base + "/redeem");
            s.put(Setting.SUPABASE_URL, base);
            s.put(Setting.SUPABASE_SERVICE_ROLE_KEY, "sb_secret_measure");
            ctx.installTarget(EasymoTarget.of(s, Duration.ofSeconds(2), Duration.ofSeconds(10), "m"), 10);
            List<String> ids = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < WARMUP + N; i++) {
                ids.add(UUID.randomUUID().toString());
                codes.add("AAAAA");
            }
            ctx.installSummary(SeedSummary.builder().seedVersion("m").generatedAt(Instant.now())
                    .campaignDispatch(new CampaignDispatch(UUID.randomUUID().toString(), "b", MsisdnList.empty()))
                    .stationRedeemPayloads(List.of(new StationRedeemPayload(UUID.randomUUID().toString(), "S1",
                            new Operator("+250788000000", "Op", UUID.randomUUID().toString()), ids, codes,
                            "pst_measure")))
                    .build(), Path.of("measure.json"));
            StationRedeemSampler ours = new StationRedeemSampler();
            ours.setName("redeem");
            ours.setProbeShare("0");
            ours.setSloMillis("0");
            ours.setSkipUsedVouchers(false);
            ours.setProperty("probeShare", "0");
            ours.setProperty("sloMillis", "0");
            ours.setProperty("probeLabel", "p");
            ours.setProperty("bodyShape", "voucherId");
            ours.setProperty("skipUsedVouchers", false);
            ours.testStarted();

            HTTPSamplerProxy stock = (HTTPSamplerProxy) HTTPSamplerFactory.newInstance(HTTPSamplerFactory.IMPL_HTTP_CLIENT4);
            stock.setName("stock");
            stock.setProtocol("http");
            stock.setDomain("127.0.0.1");
            stock.setPort(server.getAddress().getPort());
            stock.setPath("/redeem");
            stock.setMethod("POST");
            stock.setUseKeepAlive(true);
            stock.setPostBodyRaw(true);
            Arguments args = new Arguments();
            args.addArgument(new HTTPArgument("", "{\"voucherId\":\"" + UUID.randomUUID()
                    + "\",\"stationId\":\"s\",\"operator\":{\"msisdn\":\"+250788000000\"}}", "=", false));
            stock.setArguments(args);
            HeaderManager hm = new HeaderManager();
            hm.add(new Header("authorization", "Bearer pst_measure"));
            hm.add(new Header("Idempotency-Key", "k"));
            hm.add(new Header("Content-Type", "application/json"));
            stock.setHeaderManager(hm);

            Result o = loop(() -> ours.sample(null), WARMUP, N);
            Result st = loop(() -> stock.sample(null), WARMUP, N);
            System.out.printf("MEASURE ours  : %s%nMEASURE stock : %s%n", o, st);
            System.out.printf("MEASURE added p99 latency (ours - stock): %.3f ms; CPU per sample ours %.1f us vs "
                    + "stock %.1f us; TCP connections ours %d%n", (o.p99 - st.p99) / 1000.0, o.cpuMicros,
                    st.cpuMicros, ctx.http().connectionsOpened());
        } finally {
            server.stop(0);
        }
    }

    record Result(int n, double cpuMicros, long p50, long p99, long p999, long failures) {
        @Override
        public String toString() {
            return String.format("%d samples, CPU %.1f us/sample, latency p50 %d us, p99 %d us, p99.9 %d us, "
                    + "failures %d", n, cpuMicros, p50, p99, p999, failures);
        }
    }

    static Result loop(Supplier<SampleResult> s, int warmup, int n) {
        for (int i = 0; i < warmup; i++) {
            s.get();
        }
        if (n <= 0) {
            return new Result(0, 0, 0, 0, 0, 0);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] lat = new long[n];
        long failures = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            SampleResult r = s.get();
            lat[i] = (System.nanoTime() - t0) / 1000;
            if (r == null || !r.isSuccessful()) {
                failures++;
            }
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        Arrays.sort(lat);
        return new Result(n, cpu / 1000.0 / n, lat[n / 2], lat[(int) (n * 0.99)], lat[(int) (n * 0.999)], failures);
    }

}
