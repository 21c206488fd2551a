package africa.easymo.perf.lib.summary;

/** A hand-picked campaign target with a known status (queued, sent, delivered, failed...). */
public record CuratedTarget(String id, String status, String msisdn) {
}
