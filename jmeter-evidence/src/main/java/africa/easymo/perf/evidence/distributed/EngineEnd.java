package africa.easymo.perf.evidence.distributed;

import africa.easymo.perf.evidence.EvidenceRun;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.RunOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a jmeter-server engine of a distributed run ends: its reconciliations run (bounded, as on one engine), and
 * everything the controller needs goes to it — the outcome, the evidence sections, the facts and the files the run's
 * elements wrote — after which the engine's run folder is deleted: the servers keep nothing.
 */
public final class EngineEnd {
    private static final Logger log = LoggerFactory.getLogger(EngineEnd.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger files stay on the engine (and are named in its log): the controller is not a file server. */
    private static final long MAX_FILE_BYTES = 64L << 20;

    private EngineEnd() {
    }

    public static void report(EngineReporter reporter, EngineRun engine, EvidenceRun run) {
        RunOutcome outcome = engine.outcome();
        Map<String, Object> sections = Map.of();
        if (!outcome.refused()) {
            engine.runEndHooks();
            sections = engine.evidence().snapshot();
        }
        String sectionsJson;
        try {
            sectionsJson = JSON.writeValueAsString(sections);
        } catch (IOException | RuntimeException e) {
            sectionsJson = null;
            outcome.fail("evidence sections not sent to the controller: " + e.getMessage());
        }
        run.finishMetrics();
        Map<String, String> facts = new LinkedHashMap<>();
        engine.fact("seedVersion").ifPresent(v -> facts.put("seedVersion", String.valueOf(v)));
        engine.fact("seedSummaryFile").ifPresent(v -> facts.put("seedSummaryFile", String.valueOf(v)));
        engine.fact("target").ifPresent(v -> {
            try {
                facts.put("target", JSON.writeValueAsString(v));
            } catch (IOException e) {
                // the summary shows no target then
            }
        });
        Map<String, byte[]> files = files(run.folder());
        for (Path p : engine.evidenceFiles()) {
            read(p, files);
        }
        List<String> failures = outcome.failures().stream().map(engine.redactor()::redact).toList();
        reporter.finish(new EngineFinal(outcome.verdict().word(), failures, outcome.abortReason(),
                outcome.stoppedEarly(), sectionsJson, engine.counters().snapshot(), facts, files));
        deleteTree(run.folder());
        for (Path p : engine.evidenceFiles()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("cannot delete {} after sending it: {}", p, e.toString());
            }
        }
    }

    private static Map<String, byte[]> files(Path folder) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                read(p, out);
            }
        } catch (IOException e) {
            log.error("cannot read this engine's evidence files in {}: {}", folder, e.toString());
        }
        return out;
    }

    private static void read(Path p, Map<String, byte[]> out) {
        try {
            if (!Files.isRegularFile(p)) {
                return;
            }
            if (Files.size(p) > MAX_FILE_BYTES) {
                log.warn("{} is over {} MB: kept on this engine, not sent to the controller", p, MAX_FILE_BYTES >> 20);
                return;
            }
            out.put(p.getFileName().toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            log.error("cannot read this engine's evidence file {}: {}", p, e.toString());
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot delete this engine's run folder {}: {}", folder, e.toString());
        }
    }
}
