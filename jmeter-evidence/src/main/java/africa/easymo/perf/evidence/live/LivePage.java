package africa.easymo.perf.evidence.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's one page, served live (uPlot from the plugin jar, the snapshot polled every second) or written
 * self-contained (uPlot and the final snapshot inlined). uPlot (MIT) comes from its webjar, bundled into the plugin jar
 * at build time; without it the page still shows every table, without charts.
 */
final class LivePage {

    static final String UPLOT_VERSION = "1.6.30";
    static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/";
    static final String UPLOT_JS = "uPlot.iife.min.js";
    static final String UPLOT_CSS = "uPlot.min.css";

    private static final String TEMPLATE = "live-dashboard.html";
    private static final String HEAD = "<!--PERF:HEAD-->";
    private static final String DATA = "<!--PERF:DATA-->";

    private LivePage() {
    }

    /** The page the server serves: assets and data by URL. */
    static String live() {
        return template()
                .replace(HEAD,
                        "<link rel=\"stylesheet\" href=\"" + UPLOT_CSS + "\">\n<script src=\"" + UPLOT_JS
                                + "\"></script>")
                .replace(DATA, "<script>window.PERF_LIVE = {poll: 'data.json'};</script>");
    }

    /** The page with uPlot and {@code json} inlined. */
    static String selfContained(String json) {
        byte[] css = asset(UPLOT_CSS);
        byte[] js = asset(UPLOT_JS);
        StringBuilder head = new StringBuilder();
        if (css != null) {
            head.append("<style>\n").append(new String(css, StandardCharsets.UTF_8).replace("</", "<\\/"))
                    .append("\n</style>\n");
        }
        if (js != null) {
            head.append("<script>\n").append(new String(js, StandardCharsets.UTF_8).replace("</script", "<\\/script"))
                    .append("\n</script>");
        }
        // In a script element only "</script" and "<!--" matter; JSON has "<" only inside strings, where \u003c reads
        // the same.
        String data = "<script>window.PERF_LIVE = {data: " + json.replace("<", "\\u003c") + "};</script>";
        return template().replace(HEAD, head.toString()).replace(DATA, data);
    }

    /** uPlot's file from the webjar on the class path, or null when it is not there. */
    static byte[] asset(String name) {
        try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(UPLOT_DIR + "dist/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static String template() {
        try (InputStream in = LivePage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the live dashboard page is missing from the jar: " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
