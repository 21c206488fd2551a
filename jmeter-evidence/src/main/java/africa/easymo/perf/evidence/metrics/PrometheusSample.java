package africa.easymo.perf.evidence.metrics;

import java.util.Map;

/**
 * One line of a Prometheus text exposition: {@code name{labels} value}.
 *
 * @param labels
 *            label name → unescaped value
 */
public record PrometheusSample(String name, Map<String, String> labels, double value) {

    public PrometheusSample {
        labels = Map.copyOf(labels);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
