package africa.easymo.perf.audit;

/**
 * What a sampler knows about an exchange that an HTTP result does not carry: the batch reference the request went out
 * under and which attempt it was. A sampler whose exchanges belong to a retried batch returns a result that also
 * implements this; the audit log reads it from the result itself, so it travels with the result wherever the result
 * goes (to a listener on the engine, or to the controller of a distributed run).
 */
public interface AuditedExchange {

    /** The reference the request was sent under, or null. */
    String batchReference();

    /** Which attempt at that batch this exchange was: 1 for the first. */
    int attempt();
}
