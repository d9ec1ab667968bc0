package io.interpose.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads the {@code Property oe:key oe:value} entries of a DMTF OVF environment document; DOCTYPEs refused. */
final class EnvironmentXml {
    static final String NAMESPACE = "http://schemas.dmtf.org/ovf/environment/1";

    private EnvironmentXml() {
    }

    static Map<String, String> properties(Path file) throws IOException {
        Element root = parse(file);
        if (!NAMESPACE.equals(root.getNamespaceURI()) || !"Environment".equals(root.getLocalName())) {
            throw new IllegalArgumentException("not an OVF environment: root element " + root.getTagName());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Element section : children(root, "PropertySection")) {
            for (Element property : children(section, "Property")) {
                properties.put(property.getAttributeNS(NAMESPACE, "key"), property.getAttributeNS(NAMESPACE, "value"));
            }
        }
        return properties;
    }

    private static Element parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            return factory.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("not an OVF environment: " + e.getMessage(), e);
        }
    }

    private static Iterable<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && NAMESPACE.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                children.add(e);
            }
        }
        return children;
    }
}
