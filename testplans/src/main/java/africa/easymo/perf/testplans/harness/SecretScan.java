package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for secret values in every file under a folder: as written, URL-encoded, Base64 (a Basic header or a token
 * someone encoded) and JSON-escaped. A finding names the file and the secret's name, never its value, so a failing test
 * does not itself leak it into the build log.
 */
public final class SecretScan {
    private final Map<String, String> secrets = new LinkedHashMap<>();

    /** Adds a secret under a name for the report; blank values are ignored (nothing to leak). */
    public SecretScan secret(String name, String value) {
        if (value != null && value.length() >= 6) {
            secrets.put(name, value);
        }
        return this;
    }

    public SecretScan secrets(Map<String, String> named) {
        named.forEach(this::secret);
        return this;
    }

    public int size() {
        return secrets.size();
    }

    /** Every (file, secret name, form) where a secret occurs; empty when the tree is clean. */
    public List<String> findings(Path root) {
        List<String> findings = new ArrayList<>();
        if (!Files.exists(root)) {
            return findings;
        }
        Map<String, byte[]> needles = needles();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(file);
                needles.forEach((label, needle) -> {
                    if (indexOf(content, needle) >= 0) {
                        findings.add(root.relativize(file) + ": " + label);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    private Map<String, byte[]> needles() {
        Map<String, byte[]> needles = new LinkedHashMap<>();
        secrets.forEach((name, value) -> {
            needles.put(name + " (plain)", value.getBytes(StandardCharsets.UTF_8));
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            if (!encoded.equals(value)) {
                needles.put(name + " (url-encoded)", encoded.getBytes(StandardCharsets.UTF_8));
            }
            String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            // Drop the padding and the last, context-dependent characters so it also matches inside a longer blob.
            needles.put(name + " (base64)",
                    b64.substring(0, Math.max(8, b64.length() - 4)).getBytes(StandardCharsets.US_ASCII));
            needles.put(name + " (base64 service_role basic)",
                    Base64.getEncoder().encodeToString(("service_role:" + value).getBytes(StandardCharsets.UTF_8))
                            .replace("=", "").getBytes(StandardCharsets.US_ASCII));
        });
        return needles;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
