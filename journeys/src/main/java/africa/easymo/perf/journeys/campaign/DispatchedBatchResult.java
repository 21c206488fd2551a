package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.audit.AuditedExchange;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;

/**
 * The sample of one batch attempt: an HTTP result that also says which batch it carried and which attempt it was, for
 * the response audit log. Serializable like its parent, so it reaches the controller of a distributed run whole.
 */
final class DispatchedBatchResult extends HTTPSampleResult implements AuditedExchange {
    private static final long serialVersionUID = 1L;

    private final String batchReference;
    private final int attempt;

    DispatchedBatchResult(CampaignBatch batch, int attempt) {
        this.batchReference = batch.reference();
        this.attempt = attempt;
    }

    @Override
    public String batchReference() {
        return batchReference;
    }

    @Override
    public int attempt() {
        return attempt;
    }
}
