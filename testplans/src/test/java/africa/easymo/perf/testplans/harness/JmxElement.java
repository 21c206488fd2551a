package africa.easymo.perf.testplans.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One test element of a .jmx file read as XML (no JMeter needed): its test class, name, enabled flag and its properties
 * flattened to {@code path -> value} (nested elementProp/collectionProp joined with '/').
 */
public record JmxElement(String testClass, String testName, boolean enabled, Map<String, String> properties) {

    /** Every element with a {@code testclass}, in document order (the plan tree in pre-order). */
    public static List<JmxElement> read(Path jmx) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(jmx.toFile());
            List<JmxElement> elements = new ArrayList<>();
            collect(doc.getDocumentElement(), elements);
            return elements;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + jmx + ": " + e.getMessage(), e);
        }
    }

    private static void collect(Element e, List<JmxElement> out) {
        if (e.hasAttribute("testclass") && !isProperty(e)) {
            Map<String, String> props = new LinkedHashMap<>();
            flatten(e, "", props);
            out.add(new JmxElement(e.getAttribute("testclass"), e.getAttribute("testname"),
                    !"false".equals(e.getAttribute("enabled")), props));
        }
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && !isProperty(child)) {
                collect(child, out);
            }
        }
    }

    private static boolean isProperty(Element e) {
        return e.getTagName().endsWith("Prop");
    }

    private static void flatten(Element parent, String prefix, Map<String, String> props) {
        NodeList children = parent.getChildNodes();
        int index = 0;
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (!(n instanceof Element child) || !isProperty(child)) {
                continue;
            }
            // Inside a collectionProp JMeter names items by their value's hash code: only the position means anything.
            boolean positional = parent.getTagName().equals("collectionProp") || !child.hasAttribute("name")
                    || child.getAttribute("name").isEmpty();
            String name = positional ? "#" + index : child.getAttribute("name");
            index++;
            String path = prefix + name;
            switch (child.getTagName()) {
            case "elementProp", "collectionProp", "mapProp" -> flatten(child, path + "/", props);
            default -> props.put(path, child.getTextContent());
            }
        }
    }
}
