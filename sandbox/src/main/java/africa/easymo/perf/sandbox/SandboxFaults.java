package africa.easymo.perf.sandbox;

import africa.easymo.perf.sandbox.faults.FaultRule;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault rules in force. Reading is lock-free (the request path only iterates a copy-on-write list); rules are added
 * and removed rarely, by tests or {@code POST/DELETE /__sandbox/faults}.
 */
public final class SandboxFaults {
    private final CopyOnWriteArrayList<FaultRule> rules = new CopyOnWriteArrayList<>();

    /** Adds a rule; it applies to requests received from now on. */
    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** Shorthand for {@link FaultRule#failAfter}. */
    public FaultRule failAfter(String pathPrefix, long n, int status) {
        return add(FaultRule.failAfter(pathPrefix, n, status));
    }

    /** Shorthand for {@link FaultRule#failShare}. */
    public FaultRule failShare(String pathPrefix, double share, int status) {
        return add(FaultRule.failShare(pathPrefix, share, status));
    }

    /** Shorthand for {@link FaultRule#delay}. */
    public FaultRule delay(String pathPrefix, java.time.Duration delay) {
        return add(FaultRule.delay(pathPrefix, delay));
    }

    /** Shorthand for {@link FaultRule#dropShare}. */
    public FaultRule dropShare(String pathPrefix, double share) {
        return add(FaultRule.dropShare(pathPrefix, share));
    }

    public boolean remove(String ruleId) {
        return rules.removeIf(r -> r.id().equals(ruleId));
    }

    public void clear() {
        rules.clear();
    }

    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Combines every matching rule for one request: delays add up; the first rule that drops or fails decides.
     */
    public FaultRule.Action decide(String path, String method) {
        if (rules.isEmpty()) {
            return FaultRule.Action.NONE;
        }
        long delay = 0;
        FaultRule.Action verdict = null;
        for (FaultRule rule : rules) {
            FaultRule.Action a = rule.decide(path, method);
            delay += a.delayMillis();
            if (verdict == null && (a.drop() || a.fails())) {
                verdict = a;
            }
        }
        if (verdict == null) {
            return delay == 0 ? FaultRule.Action.NONE : new FaultRule.Action(delay, false, 0, -1);
        }
        return new FaultRule.Action(delay, verdict.drop(), verdict.status(), verdict.retryAfterSeconds());
    }
}
