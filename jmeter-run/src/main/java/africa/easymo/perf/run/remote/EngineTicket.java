package africa.easymo.perf.run.remote;

import java.io.Serializable;

/** An engine's place in a distributed run: its shard, or why it may not take part ({@code refusal} non-null). */
public record EngineTicket(int index, int count, String refusal) implements Serializable {
    private static final long serialVersionUID = 1L;
}
