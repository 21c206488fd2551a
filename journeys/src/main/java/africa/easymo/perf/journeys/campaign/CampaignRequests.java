package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.core.Secret;
import africa.easymo.perf.http.HttpRequestSpec;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.summary.SeedSummary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

/**
 * The campaign journey's request: {@code POST PERF_CAMPAIGN_DISPATCH_URL} with one batch of the seed summary's targets,
 * its batchReference, the throttle, the bridge secret and, where set, the bearer and the WABA sandbox.
 */
final class CampaignRequests {
    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private CampaignRequests() {
    }

    /** The throttle and metadata every batch of a dispatcher carries (its TestBean properties). */
    record Throttle(int maxPerMinute, int maxInflight, String source) {
    }

    static HttpRequestSpec batch(EasymoTarget target, SeedSummary summary, CampaignBatch batch, Throttle throttle) {
        URI url = target.endpoint(Setting.PERF_CAMPAIGN_DISPATCH_URL).orElseThrow();
        HttpRequestSpec spec = HttpRequestSpec.post(url).withJsonBody(payload(summary, target, batch, throttle))
                .withHeader("x-bridge-secret",
                        target.secret(Setting.BRIDGE_SHARED_SECRET).map(Secret::reveal).orElse(""));
        Optional<Secret> bearer = target.secret(Setting.PERF_CAMPAIGN_BEARER);
        if (bearer.isPresent()) {
            spec = spec.withHeader("authorization", "Bearer " + bearer.get().reveal());
        }
        return spec;
    }

    static String payload(SeedSummary summary, EasymoTarget target, CampaignBatch batch, Throttle throttle) {
        CampaignDispatch cd = summary.campaignDispatch();
        MsisdnList list = cd.bulkTargetMsisdns();
        StringWriter w = new StringWriter(64 + batch.size() * 20);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("campaignId", cd.campaignId());
            g.writeStringField("batchReference", batch.reference());
            g.writeArrayFieldStart("targets");
            for (int i = batch.from(); i < batch.to(); i++) {
                g.writeString(list.get(i));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("throttle");
            g.writeNumberField("maxPerMinute", throttle.maxPerMinute());
            g.writeNumberField("maxInflight", throttle.maxInflight());
            g.writeEndObject();
            g.writeObjectFieldStart("metadata");
            g.writeStringField("source", throttle.source());
            g.writeStringField("seedVersion", summary.seedVersion());
            g.writeEndObject();
            Optional<String> number = target.value(Setting.PERF_WABA_SANDBOX_NUMBER);
            Optional<Secret> token = target.secret(Setting.PERF_WABA_SANDBOX_TOKEN);
            if (number.isPresent() && token.isPresent()) {
                g.writeObjectFieldStart("sandbox");
                g.writeStringField("number", number.get());
                g.writeStringField("token", token.get().reveal());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return w.toString();
    }
}
