package africa.easymo.perf.sandbox.campaign;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What the store did with one batch: sent it now, or recognised it as one already sent. */
sealed interface DispatchResult {

    /** First time this batchReference was seen: every target was dispatched and recorded. */
    record Accepted(JsonNode response, List<TargetOutcome> outcomes) implements DispatchResult {
    }

    /** The batchReference was dispatched before: the stored answer, nothing sent again. */
    record Replay(JsonNode storedResponse) implements DispatchResult {
    }
}
