package africa.easymo.perf.journeys.campaign;

/**
 * One batch: the targets at positions {@code [from, to)} of the summary's bulk list, always sent under the same
 * {@code reference}, however often it is retried.
 *
 * @param index
 *            the batch's number within this engine's shard (0-based)
 */
public record CampaignBatch(int index, int from, int to, String reference) {
    public int size() {
        return to - from;
    }
}
