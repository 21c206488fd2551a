package africa.easymo.perf.evidence.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    @Test
    void readsSamplesLabelsEscapesSpecialValuesAndTimestamps() throws Exception {
        List<PrometheusSample> s = PrometheusTextParser.parse("""
                # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
                # TYPE node_cpu_seconds_total counter
                node_cpu_seconds_total{cpu="0",mode="idle",service_type="db"} 1234.5
                node_cpu_seconds_total{ cpu = "0" , mode="user", } 1.5e2 1700000000000
                pg_up 1
                weird{path="C:\\\\x",msg="say \\"hi\\"\\nbye"} NaN
                up_inf{a="b"}\t+Inf
                neg -Inf
                colon:name:x 3
                # EOF
                """.replace("\n", "\r\n"));
        assertThat(s).hasSize(7);
        assertThat(s.get(0).name()).isEqualTo("node_cpu_seconds_total");
        assertThat(s.get(0).label("mode")).isEqualTo("idle");
        assertThat(s.get(0).value()).isEqualTo(1234.5);
        assertThat(s.get(1).labels()).containsEntry("cpu", "0").containsEntry("mode", "user");
        assertThat(s.get(1).value()).isEqualTo(150);
        assertThat(s.get(2).labels()).isEmpty();
        assertThat(s.get(3).label("path")).isEqualTo("C:\\x");
        assertThat(s.get(3).label("msg")).isEqualTo("say \"hi\"\nbye");
        assertThat(s.get(3).value()).isNaN();
        assertThat(s.get(4).value()).isInfinite();
        assertThat(s.get(5).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.get(6).name()).isEqualTo("colon:name:x");
    }

    @Test
    void malformedLinesAreRejectedWithTheLineAndTheReason() {
        assertThatThrownBy(() -> PrometheusTextParser.parse("ok 1\nbad{a=\"b\" 1\n"))
                .isInstanceOf(PrometheusFormatException.class)
                .hasMessage("line 2 \"bad{a=\"b\" 1\": expected ',' or '}' after label a");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x abc"))
                .hasMessageContaining("value 'abc' is not a number");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x"))
                .hasMessageContaining("expected a space before the value");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x{a=\"b}")).hasMessageContaining("unterminated value");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x{a=b} 1")).hasMessageContaining("expected '\"'");
        assertThatThrownBy(() -> PrometheusTextParser.parse("<html> 1")).hasMessageContaining("expected a metric name");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x 1 2 3")).hasMessageContaining("unexpected '3'");
        assertThatThrownBy(() -> PrometheusTextParser.parse("x{a=\"\\q\"} 1")).hasMessageContaining("unknown escape");
    }
}
