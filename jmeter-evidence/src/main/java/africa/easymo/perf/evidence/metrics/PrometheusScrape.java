package africa.easymo.perf.evidence.metrics;

import java.util.List;
import java.util.function.Predicate;

/** The samples of one scrape and when it was taken. */
public record PrometheusScrape(long atMs, List<PrometheusSample> samples) {

    public PrometheusScrape {
        samples = List.copyOf(samples);
    }

    /** Sum of the series named {@code name} that pass {@code filter}; NaN when there is none. */
    public double sum(String name, Predicate<PrometheusSample> filter) {
        double total = 0;
        boolean any = false;
        for (PrometheusSample s : samples) {
            if (s.name().equals(name) && filter.test(s) && !Double.isNaN(s.value())) {
                total += s.value();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    public double sum(String name) {
        return sum(name, s -> true);
    }
}
