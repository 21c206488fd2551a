package africa.easymo.perf.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sections of run evidence that scenarios hand to the evidence writers: section name (e.g.
 * {@code reconciliation.redeem}) → a JSON-able value (Jackson {@code JsonNode}, a {@code Map}/{@code List} of plain
 * values, a record). Insertion order is kept so the written evidence reads in the order things happened.
 */
public final class RunEvidence {
    private final Map<String, Object> sections = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Sets (or replaces) a section. */
    public void put(String section, Object value) {
        sections.put(section, value);
    }

    public Optional<Object> get(String section) {
        return Optional.ofNullable(sections.get(section));
    }

    /** A copy, in insertion order. */
    public Map<String, Object> snapshot() {
        synchronized (sections) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        }
    }
}
