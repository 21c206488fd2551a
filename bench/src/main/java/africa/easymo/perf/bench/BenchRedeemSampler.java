package africa.easymo.perf.bench;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.http.EngineHttpClient;
import africa.easymo.perf.http.HttpRequestSpec;
import africa.easymo.perf.http.JsonField;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;

/**
 * The station-redeem hot path without the database, for bench/run: the request the Station Redeem sampler sends (JSON
 * body of a voucher from a pool, station token as Bearer, an Idempotency-Key) through the engine's
 * {@link EngineHttpClient}, and the same verdict (200/201 with status {@code redeemed}). What it leaves out — pool
 * loading and reconciliation against Supabase — happens once per run, not per sample, so the CPU per sample is the
 * Station Redeem sampler's. Not for plans: a trivial target is all it is meant for.
 */
public class BenchRedeemSampler extends AbstractSampler implements TestBean, TestStateListener {
    private static final long serialVersionUID = 1L;
    private static final String TOKEN = "pst_0123456789abcdef0123456789abcdef";
    private static final String STATION = "6f1c2b7e-3d5a-4e8f-9a10-2b3c4d5e6f70";

    /** One engine-wide client and pool, as EngineContext holds them in a real run. */
    private static volatile Engine engine;

    private String url = "";
    private int poolSize = 10_000;
    private int maxConnections = 200;

    private record Engine(EngineHttpClient http, URI url, String[] voucherIds, String[] bodies, AtomicLong cursor) {
    }

    @Override
    public void testStarted() {
        testStarted("");
    }

    @Override
    public synchronized void testStarted(String host) {
        TestBeanHelper.prepare(this);
        if (engine != null) {
            return;
        }
        int n = Math.max(1, poolSize);
        String[] ids = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = UUID.nameUUIDFromBytes(("voucher:redeem:bench:" + i).getBytes()).toString();
            bodies[i] = "{\"voucherId\":\"" + ids[i] + "\",\"stationId\":\"" + STATION
                    + "\",\"operator\":{\"msisdn\":\"+250780000001\",\"displayName\":\"Bench Operator\","
                    + "\"userId\":\"0b9e8d7c-6a5f-4e3d-2c1b-0a9f8e7d6c5b\"}}";
        }
        Redactor redactor = Redactor.of(List.of(TOKEN));
        EngineHttpClient http = new EngineHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(30), maxConnections,
                () -> redactor);
        engine = new Engine(http, URI.create(url.trim()), ids, bodies, new AtomicLong());
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public synchronized void testEnded(String host) {
        Engine e = engine;
        engine = null;
        if (e != null) {
            e.http().close();
        }
    }

    @Override
    public SampleResult sample(Entry entry) {
        Engine e = engine;
        long i = e.cursor().getAndIncrement();
        int slot = (int) (i % e.voucherIds().length);
        HttpRequestSpec spec = HttpRequestSpec.post(e.url()).withHeader("authorization", "Bearer " + TOKEN)
                .withHeader("Idempotency-Key", "redeem-" + e.voucherIds()[slot] + "-" + i)
                .withJsonBody(e.bodies()[slot]);
        HTTPSampleResult res = e.http().execute(spec);
        res.setSampleLabel(getName());
        String status = JsonField.text(res.getResponseData(), "status");
        String code = res.getResponseCode();
        if (("200".equals(code) || "201".equals(code)) && "redeemed".equals(status)) {
            res.setSuccessful(true);
        } else {
            res.setSuccessful(false);
            res.setResponseMessage("redeem answered " + code + (status.isEmpty() ? "" : " " + status));
        }
        return res;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }
}
