package africa.easymo.perf.testplans.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small static line chart as inline SVG: no script and no external resource, so the evidence page still draws when
 * opened offline from a copied folder. NaN values break a line rather than drawing it through zero.
 */
public final class SvgChart {

    /** One line: its legend name, stroke colour and one value per x. */
    public record Series(String name, String color, double[] values) {
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;

    private SvgChart() {
    }

    /**
     * @param x
     *            seconds since the start, ascending, one per value of each series
     * @param yUnit
     *            the value axis' unit, e.g. {@code ms} or {@code /s}
     */
    public static String lines(String title, double[] x, String yUnit, List<Series> series) {
        double xMax = x.length == 0 ? 1 : Math.max(x[x.length - 1], 1e-9);
        double yMax = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        double[] yTicks = ticks(yMax == 0 ? 1 : yMax);
        double yTop = yTicks[yTicks.length - 1];
        double[] xTicks = ticks(xMax);
        double xRight = Math.max(xMax, xTicks[xTicks.length - 1]);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<title>").append(EvidenceIndex.esc(title)).append("</title>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-weight=\"bold\" font-size=\"12\">")
                .append(EvidenceIndex.esc(title)).append("</text>\n");
        for (double t : yTicks) {
            double y = TOP + plotH - t / yTop * plotH;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(fmt(LEFT + plotW)).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e3e3e3\"/>");
            s.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(EvidenceIndex.esc(label(t) + " " + yUnit))
                    .append("</text>\n");
        }
        for (double t : xTicks) {
            if (t > xRight) {
                continue;
            }
            double xx = LEFT + t / xRight * plotW;
            s.append("<line x1=\"").append(fmt(xx)).append("\" x2=\"").append(fmt(xx)).append("\" y1=\"")
                    .append(fmt(TOP + plotH)).append("\" y2=\"").append(fmt(TOP + plotH + 4))
                    .append("\" stroke=\"#888\"/>");
            s.append("<text x=\"").append(fmt(xx)).append("\" y=\"").append(fmt(TOP + plotH + 16))
                    .append("\" text-anchor=\"middle\">").append(EvidenceIndex.esc(label(t))).append("</text>\n");
        }
        s.append("<text x=\"").append(fmt(LEFT + plotW)).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"end\" fill=\"#555\">seconds since start</text>\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(fmt(plotW))
                .append("\" height=\"").append(fmt(plotH)).append("\" fill=\"none\" stroke=\"#888\"/>\n");

        for (Series line : series) {
            for (String points : segments(line.values(), x, xRight, yTop, plotW, plotH)) {
                s.append("<polyline class=\"series\" data-series=\"").append(EvidenceIndex.esc(line.name()))
                        .append("\" fill=\"none\" stroke-width=\"1.6\" stroke=\"")
                        .append(EvidenceIndex.esc(line.color())).append("\" points=\"").append(points).append("\"/>\n");
            }
        }
        // Legend top right, above the plot, so it never hides a line.
        double lx = LEFT + plotW;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series line = series.get(i);
            lx -= 12 + 7 * line.name().length() + 18;
            s.append("<g class=\"legend\"><line x1=\"").append(fmt(lx)).append("\" x2=\"").append(fmt(lx + 14))
                    .append("\" y1=\"12\" y2=\"12\" stroke-width=\"3\" stroke=\"")
                    .append(EvidenceIndex.esc(line.color())).append("\"/><text x=\"").append(fmt(lx + 18))
                    .append("\" y=\"16\">").append(EvidenceIndex.esc(line.name())).append("</text></g>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Runs of consecutive non-NaN values as polyline point lists; a lone point still shows as a dot-sized stub. */
    private static List<String> segments(double[] v, double[] x, double xRight, double yTop, double plotW,
            double plotH) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int inRun = 0;
        for (int i = 0; i <= v.length; i++) {
            if (i == v.length || Double.isNaN(v[i])) {
                if (inRun == 1) {
                    cur.append(' ').append(cur); // one point: repeat it so the line cap shows it
                }
                if (inRun > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                inRun = 0;
                continue;
            }
            double px = LEFT + x[i] / xRight * plotW;
            double py = TOP + plotH - v[i] / yTop * plotH;
            cur.append(inRun == 0 ? "" : " ").append(fmt(px)).append(',').append(fmt(py));
            inRun++;
        }
        return out;
    }

    /** Round-number ticks from 0 to at least max, four to eight of them (steps of 1, 2 or 5 times a power of ten). */
    static double[] ticks(double max) {
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] { 1, 2, 5, 10 }) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        int n = (int) Math.ceil(max / step - 1e-9);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = i * step;
        }
        return t;
    }

    private static String label(double v) {
        return EvidenceIndex.num(Math.abs(v - Math.rint(v)) < 1e-9 ? Math.rint(v) : v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
