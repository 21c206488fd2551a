package africa.easymo.perf.sandbox;

public final class SandboxMain {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("sandbox not built yet");
    }
}
