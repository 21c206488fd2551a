package africa.easymo.perf.arrivals;

import africa.easymo.perf.arrivals.ArrivalStage.Spacing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arrival schedule in the grammar of JMeter's Open Model Thread Group, so a plan can move between the two:
 * {@code rate(50/min) even_arrivals(1 min) rate(150/min) random_arrivals(2 min) pause(30 s)}.
 *
 * <p>
 * {@code rate(N/unit)} sets the rate at that point ({@code s}, {@code sec}, {@code m}, {@code min}, {@code h},
 * {@code hour}); {@code even_arrivals(D)} and {@code random_arrivals(D)} run arrivals for D, ramping linearly to the
 * next {@code rate(...)} when one follows directly, else holding the rate; {@code pause(D)} has no arrivals. Durations
 * are a number with {@code ms}, {@code s}, {@code sec}, {@code m}, {@code min}, {@code h} or {@code hour} (seconds when
 * no unit is given), and may be summed: {@code 1 min 30 s}. Anything else is refused with the offending token named.
 */
public final class ArrivalSchedule {
    private static final Pattern STEP = Pattern.compile("\\s*([a-z_]+)\\s*\\(([^)]*)\\)\\s*");
    private static final Pattern RATE = Pattern
            .compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(ms|second|sec|s|minute|min|m|hour|h)\\s*");
    private static final Pattern DURATION_PART = Pattern.compile(
            "\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|h)?\\b\\s*");

    private final List<ArrivalStage> stages;
    private final String text;

    private ArrivalSchedule(String text, List<ArrivalStage> stages) {
        this.text = text;
        this.stages = List.copyOf(stages);
    }

    public static ArrivalSchedule of(List<ArrivalStage> stages) {
        return new ArrivalSchedule(stages.toString(), stages);
    }

    /** Parses a schedule; an {@link IllegalArgumentException} names what could not be read. */
    public static ArrivalSchedule parse(String schedule) {
        String text = schedule == null ? "" : schedule.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("arrival schedule is empty");
        }
        record Step(String name, String arg) {
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("arrival schedule: cannot read '" + excerpt(text, at) + "'");
            }
            steps.add(new Step(m.group(1).toLowerCase(Locale.ROOT), m.group(2)));
            at = m.end();
        }
        List<ArrivalStage> stages = new ArrayList<>();
        double rate = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            switch (s.name()) {
            case "rate" -> rate = rate(s.arg());
            case "even_arrivals", "random_arrivals" -> {
                long nanos = nanos(s.arg(), s.name());
                double end = rate;
                if (i + 1 < steps.size() && steps.get(i + 1).name().equals("rate")) {
                    end = rate(steps.get(i + 1).arg());
                }
                stages.add(new ArrivalStage(nanos, rate, end,
                        s.name().startsWith("even") ? Spacing.EVEN : Spacing.POISSON));
            }
            case "pause" -> stages.add(new ArrivalStage(nanos(s.arg(), s.name()), 0, 0, Spacing.PAUSE));
            default -> throw new IllegalArgumentException("arrival schedule: unknown step '" + s.name()
                    + "(' (expected rate, even_arrivals, random_arrivals or pause)");
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(
                    "arrival schedule has no even_arrivals(...), random_arrivals(...) or pause(...) step");
        }
        return new ArrivalSchedule(text, stages);
    }

    private static double rate(String arg) {
        Matcher m = RATE.matcher(arg);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "arrival schedule: rate(" + arg + ") is not <number>/<s|min|hour> (e.g. rate(500/s))");
        }
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
        case "ms" -> n * 1000;
        case "s", "sec", "second" -> n;
        case "m", "min", "minute" -> n / 60;
        default -> n / 3600;
        };
    }

    private static long nanos(String arg, String step) {
        Matcher m = DURATION_PART.matcher(arg);
        int at = 0;
        double seconds = 0;
        boolean any = false;
        while (at < arg.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(
                        "arrival schedule: " + step + "(" + arg + ") is not a duration (e.g. 30 s, 2 min, 1 min 30 s)");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            seconds += switch (unit) {
            case "ms" -> n / 1000;
            case "m", "min", "minute", "minutes" -> n * 60;
            case "h", "hour", "hours" -> n * 3600;
            default -> n;
            };
            any = true;
            at = m.end();
        }
        if (!any) {
            throw new IllegalArgumentException("arrival schedule: " + step + "() needs a duration");
        }
        return Math.round(seconds * 1e9);
    }

    private static String excerpt(String text, int at) {
        String rest = text.substring(at).trim();
        return rest.length() > 30 ? rest.substring(0, 30) + "…" : rest;
    }

    public List<ArrivalStage> stages() {
        return stages;
    }

    /** Length of the whole schedule, pauses included. */
    public long totalNanos() {
        long t = 0;
        for (ArrivalStage s : stages) {
            t += s.nanos();
        }
        return t;
    }

    /** Expected number of arrivals over the whole schedule. */
    public double expectedArrivals() {
        double n = 0;
        for (ArrivalStage s : stages) {
            n += s.arrivals();
        }
        return n;
    }

    /** Highest rate anywhere in the schedule, arrivals per second. */
    public double peakPerSecond() {
        double p = 0;
        for (ArrivalStage s : stages) {
            if (s.spacing() != Spacing.PAUSE) {
                p = Math.max(p, Math.max(s.startPerSecond(), s.endPerSecond()));
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return text;
    }
}
