package africa.easymo.perf.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EngineShardTest {
    @Test
    void shardsSplitPositionsWithoutOverlapOrGap() {
        EngineShard a = new EngineShard(0, 2);
        EngineShard b = new EngineShard(1, 2);
        IntStream.range(0, 30).forEach(i -> assertThat(a.owns(i) ^ b.owns(i)).isTrue());
        assertThat(new EngineShard(0, 1).owns(7)).isTrue();
    }

    @Test
    void rejectsAnIndexOutsideTheCount() {
        assertThatThrownBy(() -> new EngineShard(2, 2)).hasMessageContaining("perf.shard.index=2");
    }
}
