package africa.easymo.perf.evidence.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.jmeter.util.JMeterUtils;

/**
 * The engines a distributed client starts, as the user listed them: {@code -R host1,host2} (which JMeter does not store
 * anywhere an element can read), else {@code remote_hosts} for {@code -r}.
 */
final class RemoteHosts {
    private RemoteHosts() {
    }

    /**
     * The {@code -Gname=value} properties JMeter sends to the engines only: set here too, so the client judges the run
     * with the values the engines ran it with (a threshold written as {@code ${__P(perf.redeem.slo.ms,500)}}).
     */
    static void applyGlobalProperties() {
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String def = null;
            if (a.startsWith("-G") && a.length() > 2) {
                def = a.substring(2);
            } else if (a.equals("-G") && i + 1 < args.size()) {
                def = args.get(++i);
            } else if (a.startsWith("--globalproperty=")) {
                def = a.substring("--globalproperty=".length());
            }
            int eq = def == null ? -1 : def.indexOf('=');
            if (eq > 0) {
                JMeterUtils.setProperty(def.substring(0, eq), def.substring(eq + 1));
            }
        }
    }

    static List<String> ofThisClient() {
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        Optional<String> listed = fromArguments(args);
        if (listed.isEmpty()) {
            listed = fromArguments(List.of(System.getProperty("sun.java.command", "").split("\\s+")));
        }
        return parse(listed.orElseGet(() -> JMeterUtils.getPropDefault("remote_hosts", "127.0.0.1")));
    }

    static Optional<String> fromArguments(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-R") || a.equals("--remotestart")) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (a.startsWith("-R") && a.length() > 2) {
                return Optional.of(a.substring(2));
            }
            if (a.startsWith("--remotestart=")) {
                return Optional.of(a.substring("--remotestart=".length()));
            }
        }
        return Optional.empty();
    }

    static List<String> parse(String list) {
        List<String> out = new ArrayList<>();
        for (String h : list.split(",")) {
            if (!h.isBlank()) {
                out.add(h.trim());
            }
        }
        return out;
    }
}
