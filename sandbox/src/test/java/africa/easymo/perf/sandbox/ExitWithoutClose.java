package africa.easymo.perf.sandbox;

/** Child process for {@link SandboxLifecycleTest}: starts a sandbox and exits without closing it. */
public final class ExitWithoutClose {
    private ExitWithoutClose() {
    }

    public static void main(String[] args) {
        Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
        System.out.println("DB " + sandbox.databaseDescription());
        System.out.flush();
        System.exit(0);
    }
}
