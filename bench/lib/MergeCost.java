import africa.easymo.perf.evidence.JtlWriter;
import africa.easymo.perf.evidence.RunJudge;
import africa.easymo.perf.evidence.distributed.EngineBatch;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.stats.SampleObservation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import org.apache.jmeter.util.JMeterUtils;

/**
 * The distributed controller's cost per merged sample, measured: what the client does with every engine's report of
 * one second (Java deserialization of the RMI payload, the merged judge with the preview plan's thresholds and abort
 * rules, the per-engine figures, the merged JTL append), in CPU time of the thread that does it. Two engines, each
 * second's reports built as the engines build them; a warm-up pass, then the measured pass.
 *
 *   java -cp "<home>/lib/*:<home>/lib/ext/*" bench/lib/MergeCost.java <jmeter home> [seconds]
 */
public class MergeCost {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.initLocale();
        System.out.printf("%-34s %10s %12s %14s %12s%n", "rate (2 engines)", "samples", "cpu us/sample",
                "cpu % of 1 core", "payload B/s");
        for (int rate : new int[] { 500, 5000 }) {
            run(rate, 3, false); // warm-up
            run(rate, seconds, true);
        }
    }

    static void run(int perSecond, int seconds, boolean print) throws Exception {
        String thresholds = "voucher preview: p(95)<=1000, avg<600, errors<=1%\ncounter(preview.documents_invalid)==0";
        String rules = "voucher preview: abort if 5xx>5% over 60s\nvoucher preview: abort if p(95)>2000 for 60s";
        RunJudge judge = new RunJudge(SloRules.parse(thresholds, rules), n -> OptionalLong.of(0), r -> {
        });
        List<RunStats> engines = List.of(new RunStats(List.of(), n -> OptionalLong.empty()),
                new RunStats(List.of(), n -> OptionalLong.empty()));
        Path jtlFile = Files.createTempFile("merge-cost", ".jtl");
        JtlWriter jtl = new JtlWriter(jtlFile, s -> s);
        Random random = new Random(42);
        long t0 = System.currentTimeMillis();
        // the engines' side, built before timing: each second, one report per engine
        List<byte[]> payloads = new ArrayList<>();
        long bytes = 0;
        for (int s = 0; s < seconds; s++) {
            for (int e = 0; e < 2; e++) {
                int n = perSecond / 2;
                List<SampleObservation> obs = new ArrayList<>(n);
                StringBuilder rows = new StringBuilder(n * 220);
                for (int i = 0; i < n; i++) {
                    long start = t0 + s * 1000L + i * 1000L / n;
                    long elapsed = 80 + (long) (random.nextGaussian() * 30 + 60);
                    boolean ok = random.nextInt(1000) != 0;
                    String label = i % 3 == 0 ? "preview image" : i % 3 == 1 ? "preview pdf" : "voucher preview";
                    obs.add(new SampleObservation(label, Math.max(1, elapsed), ok, ok ? "200" : "503", start,
                            start + elapsed));
                    rows.append(start).append(',').append(elapsed).append(',').append(label)
                            .append(",200,OK,127.0.0.1:1099-voucher preview 1-").append(i)
                            .append(",text,true,,24890,512,40,40,http://127.0.0.1:8080/api/vouchers/preview,")
                            .append(elapsed - 5).append(",0,3\n");
                }
                byte[] b = serialize(new EngineBatch(obs, rows.toString(), Map.of("preview.documents_invalid", 0L)));
                bytes += b.length;
                payloads.add(b);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long samples = 0;
        int engine = 0;
        for (byte[] p : payloads) {
            EngineBatch b = (EngineBatch) deserialize(p);
            for (SampleObservation o : b.observations()) {
                judge.record(o);
                engines.get(engine).record(o);
            }
            jtl.append(b.jtlRows());
            samples += b.observations().size();
            engine ^= 1;
        }
        judge.verdicts();
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        jtl.close();
        Files.deleteIfExists(jtlFile);
        if (print) {
            double usPerSample = cpu / 1e3 / samples;
            System.out.printf("%-34s %10d %12.2f %13.2f%% %12d%n", perSecond + " samples/s for " + seconds + " s",
                    samples, usPerSample, usPerSample * perSecond / 1e4, bytes / seconds);
        }
    }

    static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream os = new ObjectOutputStream(out)) {
            os.writeObject(o);
        }
        return out.toByteArray();
    }

    static Object deserialize(byte[] b) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return in.readObject();
        }
    }
}
