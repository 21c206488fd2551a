package africa.easymo.perf.journeys.setup;

import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.config.Settings;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.run.RunOutcome;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed Summary: loads {@code perf_seed_summary.json} once per engine at test start (also on each jmeter-server, where
 * the plan arrives serialized and the file is resolved against that server's own folder) and shares one immutable,
 * indexed copy through {@link EasymoRun#summary()}. A missing or invalid file stops the run before any sample with one
 * line naming the file and the field.
 */
public class SeedSummaryConfig extends ConfigTestElement
        implements TestBean, TestStateListener, NoThreadClone, NoConfigMerge {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SeedSummaryConfig.class);

    /** Where {@code seed-tool seed} writes, relative to the plan's folder. */
    public static final String DEFAULT_FILE = "fixtures/generated/perf_seed_summary.json";

    private String filename = "";

    public String getFilename() {
        return filename;
    }

    public void setFilename(String filename) {
        this.filename = filename;
    }

    @Override
    public void testStarted() {
        testStarted("");
    }

    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        setRunningVersion(true);
        TestBeanHelper.prepare(this);
        EasymoRun ctx = EasymoRun.join();
        Path file = resolveFile();
        if (!Files.isRegularFile(file)) {
            throw EasymoRun.join().outcome()
                    .refuseStart("seed summary " + file + " does not exist (set the Seed Summary element's "
                            + "file, PERF_SUMMARY_PATH, or run `seed-tool seed` first)");
        }
        SeedSummary summary;
        try {
            summary = SeedSummary.read(file);
        } catch (Exception e) {
            throw EasymoRun.join().outcome().refuseStart("seed summary " + file + " is invalid: " + e.getMessage());
        }
        ctx.installSummary(summary, file);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("file", file.toString());
        ev.put("seedVersion", summary.seedVersion());
        ev.put("generatedAt", String.valueOf(summary.generatedAt()));
        ev.put("stations", summary.stationRedeemPayloads().size());
        ev.put("previewPayloads", summary.voucherPreviewPayloads().size());
        ctx.evidence().put("seedSummary", ev);
        log.info("easymo-perf: seed summary {} loaded (seedVersion {}, {} redeem stations, {} preview payloads)", file,
                summary.seedVersion(), summary.stationRedeemPayloads().size(), summary.voucherPreviewPayloads().size());
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
        EasymoRun.find().ifPresent(EasymoRun::testEnded);
    }

    /**
     * The element's file, else {@code PERF_SUMMARY_PATH} (JMeter property over environment), else
     * {@value #DEFAULT_FILE}; a relative path is resolved against the plan's folder.
     */
    Path resolveFile() {
        String name = filename == null ? "" : filename.trim();
        if (name.isEmpty()) {
            name = Settings.resolve(Setting.PERF_SUMMARY_PATH, JMeterUtils::getProperty, System::getenv)
                    .orElse(DEFAULT_FILE);
        }
        File f = FileServer.getFileServer().getResolvedFile(name);
        return f.toPath().toAbsolutePath().normalize();
    }
}
