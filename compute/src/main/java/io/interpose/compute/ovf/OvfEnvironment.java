package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The OVF environment document ({@code ovf-env.xml}, DSP0243 section 11, namespace {@value #NAMESPACE})
 * that a service VM reads at start: its id ({@code oe:id}), a {@code PlatformSection} naming Interpose,
 * and one {@code Property oe:key oe:value} per entry of {@code properties}, in the map's order. Keys
 * follow {@link EnvironmentKeys}; template attributes keep the keys the OVF declares.
 *
 * <p>Writing escapes markup and keeps tabs and line breaks in values (as character references); a key or
 * value with a character XML 1.0 cannot carry is refused. {@link #toString()} shows keys only, since
 * values include credentials.
 */
public record OvfEnvironment(String id, Map<String, String> properties) {
    public static final String NAMESPACE = "http://schemas.dmtf.org/ovf/environment/1";

    /**
     * @throws IllegalArgumentException for a blank key, or a key or value XML 1.0 cannot carry
     */
    public OvfEnvironment {
        id = Text.of(id);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        requireXmlText(id, "the environment id");
        properties.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new IllegalArgumentException("an OVF environment property key must not be blank");
            }
            requireXmlText(key, "the key '" + key + "'");
            requireXmlText(value, "the value of '" + key + "'");
        });
    }

    /** The document, UTF-8 text. */
    public String toXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<Environment xmlns=\"").append(NAMESPACE).append("\" xmlns:oe=\"").append(NAMESPACE)
                .append("\" oe:id=\"").append(escape(id)).append("\">\n")
                .append("  <PlatformSection>\n    <Kind>Interpose</Kind>\n    <Vendor>Interpose</Vendor>\n")
                .append("    <Locale>en</Locale>\n  </PlatformSection>\n  <PropertySection>\n");
        properties.forEach((key, value) -> xml.append("    <Property oe:key=\"").append(escape(key))
                .append("\" oe:value=\"").append(escape(value)).append("\"/>\n"));
        return xml.append("  </PropertySection>\n</Environment>\n").toString();
    }

    /** Writes the document to {@code file}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toXml(), UTF_8);
    }

    /**
     * Parses a document (hardened as descriptors are); {@code Entity} sections are skipped.
     *
     * @throws OvfException INVALID_FORMAT for malformed XML, another root element, a property without
     *     {@code oe:key}, or a key given twice
     */
    public static OvfEnvironment parse(byte[] xml) {
        Element root = SecureXml.parse(xml, "the OVF environment").getDocumentElement();
        if (!Dom.is(root, NAMESPACE, "Environment")) {
            throw OvfException.invalid("not an OVF environment: the root element is " + root.getTagName()
                    + ", expected Environment in " + NAMESPACE);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Element section : Dom.children(root, NAMESPACE, "PropertySection")) {
            for (Element property : Dom.children(section, NAMESPACE, "Property")) {
                String key = Dom.attribute(property, NAMESPACE, "key").orElseThrow(() ->
                        OvfException.invalid("an OVF environment Property has no oe:key"));
                if (properties.put(key, Dom.attributeOrEmpty(property, NAMESPACE, "value")) != null) {
                    throw OvfException.invalid("the OVF environment gives the property '" + key + "' twice");
                }
            }
        }
        return new OvfEnvironment(Dom.attributeOrEmpty(root, NAMESPACE, "id"), properties);
    }

    /**
     * Reads and parses {@code file}.
     *
     * @throws OvfException CANNOT_ACCESS if it cannot be read, INVALID_FORMAT as {@link #parse(byte[])}
     */
    public static OvfEnvironment read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw OvfException.inaccessible("cannot read the OVF environment " + file + ": " + e, e);
        }
    }

    /** The value of {@code key}, or "" when absent. */
    public String value(String key) {
        return properties.getOrDefault(key, "");
    }

    @Override
    public String toString() {
        return "OvfEnvironment[id=" + id + ", keys=" + properties.keySet() + "]";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static void requireXmlText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean surrogatePair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (surrogatePair) {
                i++;
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || Character.isSurrogate(c)
                    || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(what + " has a character XML cannot carry (U+"
                        + String.format("%04X", (int) c) + ") at index " + i);
            }
        }
    }
}
