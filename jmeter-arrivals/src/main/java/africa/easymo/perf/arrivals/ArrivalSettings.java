package africa.easymo.perf.arrivals;

import java.util.Random;

/**
 * The checked settings of an {@link ArrivalRateThreadGroup}: one place that reads the schedule, the concurrency cap and
 * the random seed, so the GUI, test start and the run refuse the same values with the same words. Every refusal is an
 * {@link IllegalArgumentException} whose message starts with the field's GUI label.
 */
record ArrivalSettings(ArrivalSchedule schedule, int concurrencyCap, long randomSeed) {

    /** Reads the three settings, already evaluated (no {@code ${...}} left). */
    static ArrivalSettings check(String schedule, String concurrencyCap, String randomSeed) {
        return new ArrivalSettings(schedule(schedule), concurrencyCap(concurrencyCap), randomSeed(randomSeed));
    }

    static ArrivalSchedule schedule(String text) {
        try {
            return ArrivalSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            // the parser speaks of "arrival schedule"; here the field's label says it
            throw new IllegalArgumentException(
                    "Schedule: " + e.getMessage().replaceFirst("^arrival schedule(: | )", ""), e);
        }
    }

    static int concurrencyCap(String text) {
        String t = text == null ? "" : text.trim();
        try {
            int v = Integer.parseInt(t);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below with the field's name
        }
        throw new IllegalArgumentException("Concurrency cap: must be a whole number above 0, not '" + t + "'");
    }

    static long randomSeed(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Random seed: must be a whole number (0 = a new sequence every run), not '" + t + "'", e);
        }
    }

    /** Poisson gaps: seeded when the seed is not 0, so two runs with the same seed place arrivals alike. */
    Random random() {
        return randomSeed == 0 ? new Random() : new Random(randomSeed);
    }
}
