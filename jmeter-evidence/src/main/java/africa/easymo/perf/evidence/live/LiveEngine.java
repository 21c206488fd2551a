package africa.easymo.perf.evidence.live;

/**
 * One engine of a distributed run as the controller sees it now.
 *
 * @param state
 *            {@code joining}, {@code running}, {@code refused}, {@code lost} or the engine's own verdict once it ended
 * @param p95
 *            ms over its samples so far; negative before the first
 */
public record LiveEngine(String name, int shard, String state, long samples, long errors, double p95, int threads) {
}
