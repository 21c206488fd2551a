package africa.easymo.perf.lib.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MsisdnListTest {
    @Test
    void packsAndReturnsEachElement() {
        MsisdnList.Builder b = MsisdnList.builder(1);
        for (int i = 0; i < 5000; i++) {
            b.add("+250" + (780950000 + i));
        }
        MsisdnList l = b.build();
        assertThat(l.size()).isEqualTo(5000);
        assertThat(l.get(0)).isEqualTo("+250780950000");
        assertThat(l.get(4999)).isEqualTo("+250780954999");
        assertThat(l.asList()).hasSize(5000).contains("+250780951234");
        assertThat(l.retainedBytes()).isLessThan(5000L * 13 + 5001L * 4 + 100);
        assertThat(l).isEqualTo(MsisdnList.of(l.asList())).hasSameHashCodeAs(MsisdnList.of(l.asList()));
        assertThat(l).isNotEqualTo(MsisdnList.of(List.of("+250780950000")));
        assertThatThrownBy(() -> l.get(5000)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(MsisdnList.of(List.of()).isEmpty()).isTrue();
    }
}
