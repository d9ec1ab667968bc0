package io.interpose.compute.ovf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Reads a {@code ProductSection}: product, vendor, version and the properties with the category each
 * appears under. A property needs {@code ovf:key} and {@code ovf:type}; its per-option values come from
 * {@code Value} children with {@code ovf:value} and {@code ovf:configuration} (a list, as on items).
 */
final class ProductReader {
    private final String ns;

    ProductReader(String ns) {
        this.ns = ns;
    }

    ProductSection section(Element section) {
        String productClass = Dom.attributeOrEmpty(section, ns, "class");
        String instance = Dom.attributeOrEmpty(section, ns, "instance");
        List<OvfProperty> properties = new ArrayList<>();
        String category = "";
        for (Element child : Dom.elements(section)) {
            if (Dom.is(child, ns, "Category")) {
                category = child.getTextContent();
            } else if (Dom.is(child, ns, "Property")) {
                properties.add(property(child, category, productClass));
            }
        }
        return new ProductSection(productClass, instance, Dom.childText(section, ns, "Product"),
                Dom.childText(section, ns, "Vendor"), Dom.childText(section, ns, "Version"), properties);
    }

    private OvfProperty property(Element property, String category, String productClass) {
        String key = Dom.attributeOrEmpty(property, ns, "key").strip();
        String type = Dom.attributeOrEmpty(property, ns, "type").strip();
        String where = "ProductSection" + (productClass.isEmpty() ? "" : " '" + productClass + "'") + " Property";
        if (key.isEmpty()) {
            throw OvfException.invalid(where + " without ovf:key");
        }
        if (type.isEmpty()) {
            throw OvfException.invalid(where + " '" + key + "' without ovf:type");
        }
        return new OvfProperty(key, type, Dom.attributeOrEmpty(property, ns, "qualifiers"),
                Dom.attributeOrEmpty(property, ns, "value"), values(property), flag(property, "userConfigurable"),
                flag(property, "password"), Dom.childText(property, ns, "Label"),
                Dom.childText(property, ns, "Description"), category);
    }

    private Map<String, String> values(Element property) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element value : Dom.children(property, ns, "Value")) {
            String text = Dom.attributeOrEmpty(value, ns, "value");
            for (String configuration : Dom.attributeOrEmpty(value, ns, "configuration").strip().split("\\s+")) {
                if (!configuration.isEmpty()) {
                    values.put(configuration, text);
                }
            }
        }
        return values;
    }

    private boolean flag(Element property, String name) {
        return "true".equals(Dom.attributeOrEmpty(property, ns, name).strip());
    }
}
