package africa.easymo.perf.testplans.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build laid out the ready JMeter home and where the plans live. Failsafe passes the paths as system
 * properties; a run from an IDE falls back to the module layout relative to the working directory.
 */
public final class JMeterHome {
    private JMeterHome() {
    }

    /** {@code jmeter-home/target/jmeter}. */
    public static Path home() {
        return path("easymo.jmeter.home", "../jmeter-home/target/jmeter", "jmeter-home/target/jmeter");
    }

    /** {@code testplans/}, the folder holding the .jmx plans. */
    public static Path testplansDir() {
        return path("easymo.testplans.dir", ".", "testplans");
    }

    /** {@code testplans/target}. */
    public static Path buildDir() {
        return path("easymo.build.dir", "target", "testplans/target");
    }

    /** A plan in the testplans folder, e.g. {@code plan("redeem.jmx")}. */
    public static Path plan(String fileName) {
        return testplansDir().resolve(fileName);
    }

    /** The launcher script {@code bin/jmeter}; fails with the build command to run when it is missing. */
    public static Path launcher() {
        Path jmeter = home().resolve("bin/jmeter");
        if (!Files.isExecutable(jmeter)) {
            throw new IllegalStateException(jmeter + " is missing or not executable: lay out the JMeter home with "
                    + "`mvn -pl jmeter-home -am package -DskipTests` first");
        }
        return jmeter;
    }

    private static Path path(String property, String inModule, String fromRoot) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path module = Path.of(inModule).toAbsolutePath().normalize();
        if (Files.exists(Path.of("pom.xml")) && Files.exists(Path.of("redeem.jmx"))) {
            return module;
        }
        return Path.of(fromRoot).toAbsolutePath().normalize();
    }
}
