package africa.easymo.perf.testplans.docs;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.testplans.harness.JMeterHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every environment variable and property that the main code of every module and the plans
 * read. The test scans the sources for the ways this project reads a setting and fails, naming the file, for each name
 * the reference lacks.
 */
class ConfigurationReferenceTest {

    /** Ways the Java main code reads a setting; group 1 is the name. */
    private static final List<Pattern> JAVA_PATTERNS = List.of(
            // JMeterUtils.getProperty("x"), JMeterUtils.getPropDefault("x", d)
            Pattern.compile("\\bgetProp(?:erty|Default)\\(\\s*\"([^\"]+)\""),
            // RunSettings.get("x") (property over environment)
            Pattern.compile("\\bRunSettings\\.get\\(\\s*\"([^\"]+)\""),
            // System.getenv("X"), System.getProperty("x"), Boolean.getBoolean("x"), Integer.getInteger, Long.getLong
            Pattern.compile("\\bSystem\\.get(?:env|Property)\\(\\s*\"([^\"]+)\""),
            Pattern.compile("\\b(?:Boolean\\.getBoolean|Integer\\.getInteger|Long\\.getLong)\\(\\s*\"([^\"]+)\""),
            // env.get("X") on a Map of the environment
            Pattern.compile("\\benv\\.get\\(\\s*\"([^\"]+)\""),
            // FOO_PROPERTY = "perf.x", FILE_VARIABLE = "PERF_X", OUTPUT_FILE_SETTING = "PERF_X"
            Pattern.compile("\\b[A-Z0-9_]*(?:PROPERTY|VARIABLE|SETTING)\\s*=\\s*\"([^\"]+)\""),
            // the test harness's path("easymo.jmeter.home", ...) system-property lookups
            Pattern.compile("\\bpath\\(\\s*\"([a-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)+)\""),
            // names held in constants and looked up elsewhere (a settings class, a lookup function)
            Pattern.compile("\\bString\\s+[A-Z][A-Z0-9_]*\\s*=\\s*\"(perf\\.[a-z][A-Za-z0-9_.]*[A-Za-z0-9])\""),
            Pattern.compile("\"((?:PERF|K6|SUPABASE|BRIDGE)_[A-Z0-9_]*[A-Z0-9])\""));

    /** The constants of the Setting enum (environment variables, each also a JMeter property). */
    private static final Pattern SETTING_CONSTANT = Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]+)\\((?:true|false)\\s*,");

    /** JMeter functions in the plans: ${__P(x,d)}, ${__property(x)}, ${__env(X)}. */
    private static final Pattern PLAN_FUNCTION = Pattern.compile("__(?:P|property|env)\\(\\s*([A-Za-z0-9_.]+)");

    /** Keys of a .properties file, also the commented-out optional ones ("#perf.shard.index=0"). */
    private static final Pattern PROPERTIES_KEY = Pattern.compile("(?m)^#?([A-Za-z][A-Za-z0-9_.]*)\\s*=");

    @Test
    void theReferenceListsEveryVariableAndPropertyTheCodeAndPlansRead() throws IOException {
        Map<String, Set<String>> found = scanRepository();
        String reference = Files.readString(repoRoot().resolve("docs/configuration.md"), StandardCharsets.UTF_8);

        assertThat(undocumented(found, reference))
                .as("names read by the code or the plans but missing from docs/configuration.md (name <- where)")
                .isEmpty();
    }

    @Test
    void theScannerFindsKnownNamesInTheCodeAndThePlans() {
        Map<String, Set<String>> found = scanRepository();

        assertThat(found).containsKeys("PERF_STATION_REDEEM_URL", "SUPABASE_SERVICE_ROLE_KEY", "perf.profile",
                "perf.shard.index", "perf.early.stop.passes", "PERF_OUTPUT_FILE", "preview.rate.start",
                "perf.redeem.rate", "SANDBOX_JDBC_URL", "demo.sequential", "easymo.jmeter.home");
        assertThat(found.get("PERF_STATION_REDEEM_URL")).anyMatch(where -> where.endsWith("Setting.java"));
        assertThat(found.get("perf.profile")).anyMatch(where -> where.endsWith(".jmx"));
    }

    @Test
    void aNameTheReferenceLacksIsReported() {
        Map<String, Set<String>> found = new TreeMap<>();
        scanJava("String v = RunSettings.get(\"perf.not.documented\").orElse(\"\");\n"
                + "static final String X_PROPERTY = \"perf.documented\";", "Example.java", found);
        scanPlan("<stringProp name=\"x\">${__P(perf.also.missing,1)}</stringProp>", "example.jmx", found);

        assertThat(undocumented(found, "| `perf.documented` | 1 | x | no |"))
                .containsExactly("perf.also.missing <- example.jmx", "perf.not.documented <- Example.java");
        assertThat(undocumented(found, "perf.not.documented and perf.also.missing, not in backticks")).hasSize(3);
    }

    /** Each found name that does not appear in backticks in the reference, as "name <- where". */
    static List<String> undocumented(Map<String, Set<String>> found, String reference) {
        return found.entrySet().stream().filter(e -> !reference.contains("`" + e.getKey() + "`"))
                .map(e -> e.getKey() + " <- " + String.join(", ", e.getValue())).collect(Collectors.toList());
    }

    static Map<String, Set<String>> scanRepository() {
        Path root = repoRoot();
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted()
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        String text = Files.readString(f, StandardCharsets.UTF_8);
                        String where = root.relativize(f).toString();
                        scanJava(text, where, found);
                        if (f.getFileName().toString().equals("Setting.java")) {
                            collect(SETTING_CONSTANT, text, where, found);
                        }
                    }
                }
            }
            Path plans = JMeterHome.testplansDir();
            try (Stream<Path> files = Files.list(plans)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jmx") || p.toString().endsWith(".properties"))
                        .sorted().toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    String where = root.relativize(f).toString();
                    scanPlan(text, where, found);
                    if (f.toString().endsWith(".properties")) {
                        collect(PROPERTIES_KEY, text, where, found);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static void scanJava(String text, String where, Map<String, Set<String>> found) {
        for (Pattern p : JAVA_PATTERNS) {
            collect(p, text, where, found);
        }
    }

    static void scanPlan(String text, String where, Map<String, Set<String>> found) {
        collect(PLAN_FUNCTION, text, where, found);
    }

    private static void collect(Pattern p, String text, String where, Map<String, Set<String>> found) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(where);
        }
    }

    /** The repository root: the parent of the testplans folder. */
    static Path repoRoot() {
        return JMeterHome.testplansDir().toAbsolutePath().normalize().getParent();
    }
}
