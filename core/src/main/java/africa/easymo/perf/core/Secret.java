package africa.easymo.perf.core;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value. {@link #toString()} is {@code ***} so string concatenation, logging or a debugger view never shows
 * it; only {@link #reveal()} hands the value out, at the one place it is sent.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The plain value, for the header or body that needs it. Never log it. */
    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object o) {
        // Constant time, so comparing a presented token with the expected one leaks nothing through timing.
        return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 31;
    }
}
