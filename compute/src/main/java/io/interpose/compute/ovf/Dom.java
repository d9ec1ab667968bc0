package io.interpose.compute.ovf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small namespace-aware reads over a DOM element: its child elements, their text, its attributes. */
final class Dom {
    private Dom() {
    }

    /** Child elements of {@code parent} in namespace {@code ns} with local name {@code name}, in order. */
    static List<Element> children(Element parent, String ns, String name) {
        return elements(parent).stream().filter(e -> is(e, ns, name)).toList();
    }

    static Optional<Element> child(Element parent, String ns, String name) {
        return children(parent, ns, name).stream().findFirst();
    }

    /** The stripped text of the first such child, or "" when there is none. */
    static String childText(Element parent, String ns, String name) {
        return child(parent, ns, name).map(Element::getTextContent).map(String::strip).orElse("");
    }

    /** All child elements of {@code parent}, in order. */
    static List<Element> elements(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    static boolean is(Element element, String ns, String name) {
        return ns.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    /**
     * The attribute {@code name} in namespace {@code ns}, or else the unqualified attribute of that name
     * (some exporters write {@code configuration=} instead of {@code ovf:configuration=}).
     */
    static Optional<String> attribute(Element element, String ns, String name) {
        Attr qualified = element.getAttributeNodeNS(ns, name);
        Attr attribute = qualified != null ? qualified : element.getAttributeNodeNS(null, name);
        return Optional.ofNullable(attribute).map(Attr::getValue);
    }

    static String attributeOrEmpty(Element element, String ns, String name) {
        return attribute(element, ns, name).orElse("");
    }

    /** The element's name as written ({@code prefix:local}), for messages. */
    static String describe(Element element) {
        return element.getTagName();
    }
}
