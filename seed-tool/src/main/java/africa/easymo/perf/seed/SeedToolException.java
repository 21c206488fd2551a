package africa.easymo.perf.seed;

/** Ends a command with one line on stderr and an exit code: 2 for usage or configuration, 1 for a failed run. */
final class SeedToolException extends RuntimeException {
    static final int FAILED = 1;
    static final int CONFIG = 2;
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    SeedToolException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static SeedToolException config(String message) {
        return new SeedToolException(CONFIG, message);
    }

    static SeedToolException failed(String message) {
        return new SeedToolException(FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
