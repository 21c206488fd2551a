package africa.easymo.perf.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JsonFieldTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheTopLevelFieldOnly() {
        assertThat(JsonField.text(b("{\"voucher\":{\"status\":\"issued\"},\"status\":\"redeemed\"}"), "status"))
                .isEqualTo("redeemed");
        assertThat(JsonField.text(b(" \n{\"nested\":[{\"status\":\"x\"}],\"ok\":true,\"n\":42}"), "ok"))
                .isEqualTo("true");
        assertThat(JsonField.text(b("{\"n\":42}"), "n")).isEqualTo("42");
        assertThat(JsonField.text(b("{\"voucher\":{\"status\":\"issued\"}}"), "status")).isEmpty();
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(JsonField.text(null, "status")).isEmpty();
        assertThat(JsonField.text(b(""), "status")).isEmpty();
        assertThat(JsonField.text(b("[{\"status\":\"redeemed\"}]"), "status")).isEmpty();
        assertThat(JsonField.text(b("<html>status</html>"), "status")).isEmpty();
        assertThat(JsonField.text(b("{\"status\":null}"), "status")).isEmpty();
        assertThat(JsonField.text(b("{\"status\":{\"code\":1}}"), "status")).isEmpty();
        assertThat(JsonField.text(b("{\"error\":\"x\",\"status\":"), "status")).isEmpty();
        assertThat(JsonField.text(b("{\"error\":\"broken"), "status")).isEmpty();
    }
}
