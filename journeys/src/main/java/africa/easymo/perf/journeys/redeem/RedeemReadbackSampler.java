package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.http.HttpRequestSpec;

import com.fasterxml.jackson.databind.JsonNode;

import africa.easymo.perf.lib.supabase.SupabaseKeyHeaders;

import java.net.URI;
import java.util.Map;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Redeem Read-back: placed after a Station Redeem sampler, reads the voucher that sampler just redeemed (in this
 * thread) back through Supabase REST and passes only if it is {@code redeemed} by that station. Under its own label, so
 * database reads never count against the redeem SLO. Produces no sample when the arrival redeemed nothing.
 */
public class RedeemReadbackSampler extends AbstractSampler implements TestBean {
    private static final long serialVersionUID = 1L;

    @Override
    public SampleResult sample(Entry e) {
        JMeterVariables vars = JMeterContextService.getContext().getVariables();
        Object o = vars.getObject(StationRedeemSampler.LAST_REDEEMED_VAR);
        if (!(o instanceof RedeemClaim claim)) {
            return null;
        }
        vars.remove(StationRedeemSampler.LAST_REDEEMED_VAR);
        EasymoRun ctx = EasymoRun.current();
        RedeemRun run = ctx.journey(RedeemRun.class).orElse(null);
        if (run == null) {
            return null;
        }
        URI uri = URI.create(stripSlash(run.supabaseUrl.toString())
                + "/rest/v1/vouchers?select=id,status,redeemed_by_station_id&id=eq." + claim.voucherId());
        HttpRequestSpec req = HttpRequestSpec.get(uri);
        for (Map.Entry<String, String> h : SupabaseKeyHeaders.of(run.serviceKey).entrySet()) {
            req = req.withHeader(h.getKey(), h.getValue());
        }
        HTTPSampleResult res = ctx.http().execute(req.withHeader("Accept", "application/json"));
        res.setSampleLabel(getName());
        JsonNode body = StationRedeemSampler.json(res);
        JsonNode row = body != null && body.isArray() && body.size() == 1 ? body.get(0) : null;
        String status = row == null ? null : row.path("status").asText();
        String by = row == null ? null : row.path("redeemed_by_station_id").asText();
        if (!"200".equals(res.getResponseCode())) {
            res.setSuccessful(false);
            res.setResponseMessage("read-back of voucher " + claim.voucherId() + " answered " + res.getResponseCode());
        } else if (row == null) {
            res.setSuccessful(false);
            res.setResponseMessage("voucher " + claim.voucherId() + " not found in the database after its redeem");
        } else if (!"redeemed".equals(status) || !claim.station().stationId.equalsIgnoreCase(by)) {
            res.setSuccessful(false);
            res.setResponseMessage("voucher " + claim.voucherId() + " is " + status + " by station " + by
                    + " after its redeem at " + claim.station() + ": the redeem did not persist");
        } else {
            res.setSuccessful(true);
        }
        if (!res.isSuccessful()) {
            run.readbackFailed.increment();
        }
        return res;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
