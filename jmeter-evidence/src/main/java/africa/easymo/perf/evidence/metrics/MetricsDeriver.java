package africa.easymo.perf.evidence.metrics;

import java.util.List;
import java.util.Optional;

/**
 * What a metrics source means: which series a scrape must hold to be this source's, and how successive scrapes become
 * the CSV's columns (gauges as they are, counters as rates). One instance per run; it may keep state between scrapes.
 */
public interface MetricsDeriver {
    /** Name for log lines, e.g. "Supabase metrics". */
    String source();

    /** The run summary's section for what was scraped, e.g. {@code supabaseMetrics}. */
    String evidenceSection();

    /** Column names after the timestamp columns, in the order of {@link #next}'s values. */
    List<String> columns();

    /** Why this scrape is not from this source (none of its series), or empty when it is. */
    Optional<String> notThisSource(PrometheusScrape scrape);

    /** The row of this scrape, {@link #columns()} long; NaN where a figure is not available. */
    double[] next(PrometheusScrape scrape);

    /** A hint for a 401 or 403 from the endpoint (which credential to check), or empty. */
    default String authHint() {
        return "";
    }
}
