package africa.easymo.perf.journeys.preview;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.summary.VoucherPreviewPayload;
import africa.easymo.perf.run.EngineShard;
import africa.easymo.perf.run.RunOutcome;
import africa.easymo.perf.run.RunCounters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every Voucher Preview sampler thread of one engine shares for a run: the payloads with their request bodies
 * serialised once, the round-robin cursor, the endpoint and bridge secret, and the run's counters; and the end-of-run
 * reconciliation that turns the counters into the {@code reconciliation.preview} evidence.
 */
final class PreviewRun {
    static final String KEY = "preview.run";
    static final String EVIDENCE = "reconciliation.preview";

    static final String SENT = "preview.previews_sent";
    static final String ACCEPTED = "preview.previews_accepted";
    static final String FAILED = "preview.previews_failed";
    static final String DEGRADED = "preview.degraded";
    static final String DOCUMENTS_VALIDATED = "preview.documents_validated";
    static final String DOCUMENTS_INVALID = "preview.documents_invalid";
    static final String INVALID_PREFIX = "preview.invalid.";
    static final String VALIDATION_CPU_NANOS = "preview.validation_cpu_nanos";
    static final String VALIDATION_CPU_MEASURED = "preview.validation_cpu_measured";

    private static final ObjectMapper JSON = new ObjectMapper();

    final URI url;
    final Secret bridgeSecret;
    final String threadPrefix;
    private final List<VoucherPreviewPayload> payloads;
    private final String[] bodies;
    private final AtomicLong cursor = new AtomicLong();
    /** Documents checked at once: one per core (at least two). */
    final Semaphore validationPermits = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    final LongAdder sent;
    final LongAdder accepted;
    final LongAdder failed;
    final LongAdder degraded;
    final LongAdder documentsValidated;
    final LongAdder documentsInvalid;
    final LongAdder validationCpuNanos;
    final LongAdder validationCpuMeasured;
    private final RunCounters counters;

    PreviewRun(EasymoRun ctx, List<VoucherPreviewPayload> payloads, URI url, Secret bridgeSecret) {
        this.url = url;
        this.bridgeSecret = bridgeSecret;
        this.payloads = List.copyOf(payloads);
        this.bodies = new String[payloads.size()];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = body(payloads.get(i));
        }
        EngineShard shard = ctx.shard();
        // Engines of a distributed run number their threads alike: the shard keeps their idempotency keys apart.
        this.threadPrefix = shard.count() > 1 ? shard.index() + "." : "";
        this.counters = ctx.counters();
        this.sent = counters.counter(SENT);
        this.accepted = counters.counter(ACCEPTED);
        this.failed = counters.counter(FAILED);
        this.degraded = counters.counter(DEGRADED);
        this.documentsValidated = counters.counter(DOCUMENTS_VALIDATED);
        this.documentsInvalid = counters.counter(DOCUMENTS_INVALID);
        this.validationCpuNanos = counters.counter(VALIDATION_CPU_NANOS);
        this.validationCpuMeasured = counters.counter(VALIDATION_CPU_MEASURED);
    }

    /** The request body of a payload: exactly {@code {voucherId, code, amount, currency, expiresAt, stationScope}}. */
    static String body(VoucherPreviewPayload p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("voucherId", p.voucherId());
        n.put("code", p.code());
        n.put("amount", p.amount());
        n.put("currency", p.currency());
        if (p.expiresAt() == null) {
            n.putNull("expiresAt");
        } else {
            n.put("expiresAt", p.expiresAt().toString());
        }
        if (p.stationScope() == null) {
            n.putNull("stationScope");
        } else {
            n.put("stationScope", p.stationScope());
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    int size() {
        return payloads.size();
    }

    /** Index of the next payload: uniformly random, or in turn across every thread of the engine. */
    int next(boolean roundRobin) {
        if (roundRobin) {
            return (int) Math.floorMod(cursor.getAndIncrement(), (long) payloads.size());
        }
        return ThreadLocalRandom.current().nextInt(payloads.size());
    }

    VoucherPreviewPayload payload(int i) {
        return payloads.get(i);
    }

    String body(int i) {
        return bodies[i];
    }

    void invalid(DocumentCheck check) {
        documentsInvalid.increment();
        counters.increment(INVALID_PREFIX + check.id());
    }

    /** Invalid documents per failed check, for the checks that had any. */
    Map<String, Long> invalidByCheck() {
        Map<String, Long> byCheck = new LinkedHashMap<>();
        for (DocumentCheck c : DocumentCheck.values()) {
            long n = counters.get(INVALID_PREFIX + c.id());
            if (n > 0) {
                byCheck.put(c.id(), n);
            }
        }
        return byCheck;
    }
}
