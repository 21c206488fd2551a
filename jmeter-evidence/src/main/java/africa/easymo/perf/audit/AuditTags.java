package africa.easymo.perf.audit;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.jmeter.samplers.SampleResult;

/**
 * What a sampler knows about an exchange that the HTTP result does not carry (the batch reference and which attempt it
 * was), handed to the audit log by the result object itself. Weak keys: a result no listener takes is forgotten.
 */
public final class AuditTags {
    private static final Map<SampleResult, Tag> TAGS = Collections.synchronizedMap(new WeakHashMap<>());

    private AuditTags() {
    }

    /** Called by a sampler before it returns the result. */
    public static void tag(SampleResult result, String batchReference, int attempt) {
        TAGS.put(result, new Tag(batchReference, attempt));
    }

    /** The tag of that result (removed), or null. */
    static Tag take(SampleResult result) {
        return TAGS.remove(result);
    }

    /** Batch reference and attempt (1 = first) of one exchange. */
    record Tag(String batchReference, int attempt) {
    }
}
