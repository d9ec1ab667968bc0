package io.interpose.compute.agent;

import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal DMTF OVF environment document ({@code ovf-env.xml}, DSP8027 schema
 * {@code http://schemas.dmtf.org/ovf/environment/1}): an {@code Environment} with the service VM's id,
 * a {@code PlatformSection}, and a {@code PropertySection} with one
 * {@code <Property oe:key=".." oe:value=".."/>} per property, sorted by key. Values are escaped so that
 * any XML 1.0 text (quotes, ampersands, newlines, tabs) reads back exactly.
 */
final class OvfEnvironmentDocument {
    static final String NAMESPACE = "http://schemas.dmtf.org/ovf/environment/1";

    private OvfEnvironmentDocument() {}

    /** @throws IllegalArgumentException if a key or value holds a character XML 1.0 cannot carry */
    static String render(String id, Map<String, String> properties) {
        var xml = new StringBuilder(256 + properties.size() * 64)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<Environment xmlns=\"").append(NAMESPACE).append("\"\n")
                .append("     xmlns:oe=\"").append(NAMESPACE).append("\"\n")
                .append("     xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("     oe:id=\"").append(escape(id)).append("\">\n")
                .append("  <PlatformSection>\n")
                .append("    <Kind>Interpose lab</Kind>\n")
                .append("    <Vendor>Interpose</Vendor>\n")
                .append("  </PlatformSection>\n")
                .append("  <PropertySection>\n");
        new TreeMap<>(properties).forEach((key, value) -> xml.append("    <Property oe:key=\"").append(escape(key))
                .append("\" oe:value=\"").append(escape(value)).append("\"/>\n"));
        return xml.append("  </PropertySection>\n").append("</Environment>\n").toString();
    }

    /** Escapes text for a double-quoted attribute; whitespace other than space is kept as character references. */
    static String escape(String text) {
        if (!ConfigRules.isXmlText(text)) {
            throw new IllegalArgumentException("not XML 1.0 text: " + text.codePoints()
                    .filter(c -> !ConfigRules.isXmlText(Character.toString(c))).mapToObj(c -> String.format("U+%04X", c)).toList());
        }
        var out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> out.append(switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            case '\t' -> "&#9;";
            case '\n' -> "&#10;";
            case '\r' -> "&#13;";
            default -> String.valueOf((char) c);
        }));
        return out.toString();
    }
}
