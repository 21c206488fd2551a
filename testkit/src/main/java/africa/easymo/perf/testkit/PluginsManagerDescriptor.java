package africa.easymo.perf.testkit;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.jmeter.gui.JMeterGUIComponent;
import org.apache.jmeter.testelement.TestElement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a JMeter Plugins Manager repository descriptor for a plugin jar, at build time: the Plugins Manager reads it
 * when {@code jpgc.repo.address} points at it (GUI or {@code PluginsManagerCMD install-for-jmx plan.jmx}).
 *
 * <p>
 * The element classes ({@code componentClasses}, how {@code install-for-jmx} matches a plan's {@code testclass} and
 * {@code guiclass} attributes to a plugin) are found by loading every class of the jar: each concrete test element and
 * GUI component under the given package. The jar is copied beside the descriptor and its download URL is its file name,
 * relative to the descriptor's folder.
 *
 * <pre>
 * PluginsManagerDescriptor &lt;jar&gt; &lt;out-dir&gt; &lt;repo-file-name&gt; &lt;id&gt; &lt;name&gt; &lt;version&gt; &lt;vendor&gt; &lt;helpUrl&gt;
 *     &lt;markerClass&gt; &lt;package-prefix&gt; &lt;description&gt; [excluded-package-prefix...]
 * </pre>
 */
public final class PluginsManagerDescriptor {

    private PluginsManagerDescriptor() {
    }

    /** The descriptor's fields. */
    public record Plugin(String id, String name, String description, String helpUrl, String vendor, String markerClass,
            String version) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 11) {
            throw new IllegalArgumentException("usage: PluginsManagerDescriptor <jar> <out-dir> <repo-file-name> <id> "
                    + "<name> <version> <vendor> <helpUrl> <markerClass> <package-prefix> <description> [exclude...]");
        }
        Plugin p = new Plugin(args[3], args[4], args[10], args[7], args[6], args[8], args[5]);
        List<String> excluded = List.of(args).subList(11, args.length);
        Path repo = write(Path.of(args[0]), Path.of(args[1]), args[2], p, args[9], excluded);
        System.out.println("Plugins Manager repository descriptor: " + repo);
    }

    /**
     * Copies the jar into {@code outDir} and writes {@code outDir/repoFileName}.
     *
     * @return the descriptor file
     */
    public static Path write(Path jar, Path outDir, String repoFileName, Plugin plugin, String packagePrefix,
            List<String> excludedPrefixes) throws IOException {
        String jarName = jar.getFileName().toString();
        if (!jarName.endsWith("-" + plugin.version() + ".jar")) {
            throw new IllegalArgumentException("the Plugins Manager reads the installed version from the jar's file "
                    + "name: " + jarName + " should end with -" + plugin.version() + ".jar");
        }
        List<String> classes = componentClasses(jar, packagePrefix, excludedPrefixes);
        if (!classes.contains(plugin.markerClass())) {
            throw new IllegalArgumentException("marker class " + plugin.markerClass() + " is not an element of " + jar);
        }
        Files.createDirectories(outDir);
        Files.copy(jar, outDir.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
        Path repo = outDir.resolve(repoFileName);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(repo.toFile(),
                List.of(entry(plugin, classes, jarName)));
        return repo;
    }

    static Map<String, Object> entry(Plugin p, List<String> classes, String downloadUrl) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("changes", "");
        version.put("downloadUrl", downloadUrl);
        version.put("libs", Map.of());
        version.put("depends", List.of());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", p.id());
        e.put("name", p.name());
        e.put("description", p.description());
        e.put("helpUrl", p.helpUrl());
        e.put("vendor", p.vendor());
        e.put("markerClass", p.markerClass());
        e.put("componentClasses", classes);
        e.put("versions", Map.of(p.version(), version));
        return e;
    }

    /**
     * Every concrete {@link TestElement} and {@link JMeterGUIComponent} of the jar whose name starts with
     * {@code packagePrefix} and none of {@code excludedPrefixes}, sorted. A class that cannot be loaded fails: an
     * element silently left out would make {@code install-for-jmx} miss the plugin.
     */
    public static List<String> componentClasses(Path jar, String packagePrefix, List<String> excludedPrefixes)
            throws IOException {
        TreeSet<String> out = new TreeSet<>();
        List<String> unloadable = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile());
                URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
                        PluginsManagerDescriptor.class.getClassLoader())) {
            Enumeration<JarEntry> entries = jf.entries();
            while (entries.hasMoreElements()) {
                String path = entries.nextElement().getName();
                if (!path.endsWith(".class") || path.contains("$") || path.endsWith("module-info.class")) {
                    continue;
                }
                String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                if (!name.startsWith(packagePrefix) || excludedPrefixes.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    unloadable.add(name + " (" + e + ")");
                    continue;
                }
                if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                if (TestElement.class.isAssignableFrom(c) || JMeterGUIComponent.class.isAssignableFrom(c)) {
                    out.add(name);
                }
            }
        }
        if (!unloadable.isEmpty()) {
            throw new IllegalStateException("classes of " + jar + " not loadable with JMeter on the class path: "
                    + String.join(", ", unloadable));
        }
        return List.copyOf(out);
    }
}
