package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.journeys.setup.EasymoRun;

import java.util.Optional;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;

/**
 * Redeem Read-back: placed after a Station Redeem sampler, reads the voucher that sampler just redeemed (in this
 * thread) back through Supabase REST and passes only if it is {@code redeemed} by that station. Under its own label, so
 * database reads never count against the redeem SLO. Produces no sample when the arrival redeemed nothing.
 */
public class RedeemReadbackSampler extends AbstractSampler implements TestBean {
    private static final long serialVersionUID = 1L;

    @Override
    public SampleResult sample(Entry e) {
        EasymoRun ctx = EasymoRun.current();
        RedeemRun run = ctx.journey(RedeemRun.class).orElse(null);
        if (run == null) {
            return null;
        }
        Optional<RedeemClaim> claim = run.takeForReadback();
        if (claim.isEmpty()) {
            return null;
        }
        HTTPSampleResult res = ctx.http().execute(run.requests().readback(claim.get()));
        res.setSampleLabel(getName());
        RedeemVerdicts.readbackAnswered(run, claim.get(), res);
        return res;
    }
}
