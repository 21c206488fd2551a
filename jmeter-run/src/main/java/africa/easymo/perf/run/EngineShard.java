package africa.easymo.perf.run;

import org.apache.jmeter.util.JMeterUtils;

/**
 * Which slice of shared work this engine owns when several jmeter-server engines run one plan: JMeter does not tell a
 * server its index, so each gets {@code -Jperf.shard.index=N} and the client passes {@code -Gperf.shard.count=K}. A
 * lone engine is shard 0 of 1.
 */
public record EngineShard(int index, int count) {

    public static final String INDEX_PROPERTY = "perf.shard.index";
    public static final String COUNT_PROPERTY = "perf.shard.count";

    public EngineShard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    INDEX_PROPERTY + "=" + index + " / " + COUNT_PROPERTY + "=" + count + ": need 0 <= index < count");
        }
    }

    /** From the JMeter properties; a bad pair refuses the start with a line naming both properties. */
    public static EngineShard fromProperties(RunOutcome outcome) {
        String i = JMeterUtils.getPropDefault(INDEX_PROPERTY, "0").trim();
        String c = JMeterUtils.getPropDefault(COUNT_PROPERTY, "1").trim();
        try {
            return new EngineShard(Integer.parseInt(i), Integer.parseInt(c));
        } catch (IllegalArgumentException e) {
            throw outcome.refuseStart(INDEX_PROPERTY + "=" + i + " / " + COUNT_PROPERTY + "=" + c
                    + " is not a valid shard (need integers, 0 <= index < count)");
        }
    }

    /** True when the item at this position belongs to this engine. */
    public boolean owns(int position) {
        return position % count == index;
    }
}
