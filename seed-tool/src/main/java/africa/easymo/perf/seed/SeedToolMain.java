package africa.easymo.perf.seed;

public final class SeedToolMain {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("seed tool not built yet");
    }
}
