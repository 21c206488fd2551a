package africa.easymo.perf.lib.summary;

/** The bulk campaign send: the running campaign, the batch reference prefix, and every bulk target, packed. */
public record CampaignDispatch(String campaignId, String batchReference, MsisdnList bulkTargetMsisdns) {
}
