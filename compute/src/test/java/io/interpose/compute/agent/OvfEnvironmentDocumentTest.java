package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class OvfEnvironmentDocumentTest {
    private static final String OE = OvfEnvironmentDocument.NAMESPACE;

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> properties(Document document) {
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList nodes = document.getElementsByTagNameNS(OE, "Property");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element property = (Element) nodes.item(i);
            properties.put(property.getAttributeNS(OE, "key"), property.getAttributeNS(OE, "value"));
        }
        return properties;
    }

    @Test
    void everyPropertyReadsBackExactlyFromAValidDmtfEnvironment() throws Exception {
        Map<String, String> written = Map.of(
                "plain", "gold",
                "markup", "<a href=\"x\">'&amp;'</a>",
                "whitespace", "line 1\nline 2\r\n\tindented  twice",
                "unicode", "Grüße, 東京, 🙂",
                "empty", "");

        Document document = parse(OvfEnvironmentDocument.render("epp@h1", written));

        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(OE);
        assertThat(root.getLocalName()).isEqualTo("Environment");
        assertThat(root.getAttributeNS(OE, "id")).isEqualTo("epp@h1");
        assertThat(document.getElementsByTagNameNS(OE, "PropertySection").getLength()).isEqualTo(1);
        assertThat(properties(document)).containsExactlyEntriesOf(new java.util.TreeMap<>(written));
    }

    @Test
    void refusesCharactersXmlCannotCarry() {
        assertThatThrownBy(() -> OvfEnvironmentDocument.render("x", Map.of("k", "bell\u0007")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> OvfEnvironmentDocument.render("x", Map.of("k", "half \uD800 surrogate")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D800");
    }
}
