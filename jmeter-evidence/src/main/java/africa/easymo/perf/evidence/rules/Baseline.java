package africa.easymo.perf.evidence.rules;

import java.util.OptionalDouble;

/** A previous run's figures, for thresholds written against it ({@code p(95) < baseline * 1.2}). */
public interface Baseline {
    /** The previous run's figure for this threshold's label and metric, if it has one. */
    OptionalDouble value(Threshold t);

    /** Where it was read from, for messages. */
    String source();

    Baseline NONE = new Baseline() {
        @Override
        public OptionalDouble value(Threshold t) {
            return OptionalDouble.empty();
        }

        @Override
        public String source() {
            return "no baseline (-Jperf.baseline is not set)";
        }
    };
}
