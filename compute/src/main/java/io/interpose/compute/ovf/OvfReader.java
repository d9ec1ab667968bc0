package io.interpose.compute.ovf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an OVF 1.x or 2.x envelope into an {@link OvfDescriptor}. Sections and elements it does not
 * model are skipped; a vendor section (an element outside the OVF namespace directly under the
 * envelope, a virtual system or a collection) that says {@code ovf:required="true"} is refused, because
 * the descriptor then declares that it cannot be deployed correctly without understanding it.
 */
final class OvfReader {
    static final String OVF1 = "http://schemas.dmtf.org/ovf/envelope/1";
    static final String OVF2 = "http://schemas.dmtf.org/ovf/envelope/2";
    private static final Map<String, Integer> MAJOR_VERSIONS = Map.of(OVF1, 1, OVF2, 2);

    private final String ns;

    private OvfReader(String ns) {
        this.ns = ns;
    }

    static OvfDescriptor read(byte[] xml) {
        Document document = SecureXml.parse(xml, "the OVF descriptor");
        Element root = document.getDocumentElement();
        String ns = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        if (!"Envelope".equals(root.getLocalName()) || !MAJOR_VERSIONS.containsKey(ns)) {
            throw OvfException.invalid("not an OVF descriptor: the root element is " + root.getTagName()
                    + " in namespace '" + ns + "', expected Envelope in " + OVF1 + " or " + OVF2);
        }
        return new OvfReader(ns).envelope(root, MAJOR_VERSIONS.get(ns));
    }

    private OvfDescriptor envelope(Element root, int major) {
        refuseRequiredExtensions(root);
        Element content = content(root);
        List<VirtualSystem> systems = new ArrayList<>();
        List<ProductSection> collectionProducts = new ArrayList<>();
        collect(content, systems, collectionProducts);
        boolean collection = Dom.is(content, ns, "VirtualSystemCollection");
        return new OvfDescriptor(major, Dom.attributeOrEmpty(root, ns, "version"), files(root),
                deploymentOptions(root), networks(root), systems, collection, collectionProducts);
    }

    private Element content(Element root) {
        List<Element> contents = Dom.elements(root).stream()
                .filter(e -> Dom.is(e, ns, "VirtualSystem") || Dom.is(e, ns, "VirtualSystemCollection")).toList();
        if (contents.size() != 1) {
            throw OvfException.invalid("the Envelope must hold exactly one VirtualSystem or VirtualSystemCollection, found "
                    + contents.size());
        }
        return contents.get(0);
    }

    /** Adds the virtual systems under {@code content} (depth first) and the collections' product sections. */
    private void collect(Element content, List<VirtualSystem> systems, List<ProductSection> collectionProducts) {
        refuseRequiredExtensions(content);
        if (Dom.is(content, ns, "VirtualSystem")) {
            systems.add(virtualSystem(content));
            return;
        }
        collectionProducts.addAll(products(content));
        for (Element child : Dom.elements(content)) {
            if (Dom.is(child, ns, "VirtualSystem") || Dom.is(child, ns, "VirtualSystemCollection")) {
                collect(child, systems, collectionProducts);
            }
        }
    }

    private VirtualSystem virtualSystem(Element system) {
        List<HardwareItem> items = Dom.child(system, ns, "VirtualHardwareSection")
                .map(section -> new HardwareReader(ns).items(section)).orElse(List.of());
        return new VirtualSystem(Dom.attributeOrEmpty(system, ns, "id"), Dom.childText(system, ns, "Name"),
                products(system), items);
    }

    private List<ProductSection> products(Element parent) {
        ProductReader reader = new ProductReader(ns);
        return Dom.children(parent, ns, "ProductSection").stream().map(reader::section).toList();
    }

    private List<FileReference> files(Element root) {
        return Dom.child(root, ns, "References").stream()
                .flatMap(references -> Dom.children(references, ns, "File").stream())
                .map(this::file).toList();
    }

    private FileReference file(Element file) {
        String id = Dom.attributeOrEmpty(file, ns, "id");
        String href = Dom.attributeOrEmpty(file, ns, "href");
        if (id.isBlank() || href.isBlank()) {
            throw OvfException.invalid("References/File needs ovf:id and ovf:href (id '" + id + "', href '" + href + "')");
        }
        if (Dom.attribute(file, ns, "chunkSize").isPresent()) {
            throw OvfException.invalid("References/File '" + id + "' is chunked (ovf:chunkSize): not supported");
        }
        OptionalLong size = Dom.attribute(file, ns, "size")
                .map(text -> OptionalLong.of(Numbers.nonNegative(text, "References/File '" + id + "' ovf:size")))
                .orElse(OptionalLong.empty());
        return new FileReference(id, href, size);
    }

    private List<DeploymentOption> deploymentOptions(Element root) {
        return Dom.child(root, ns, "DeploymentOptionSection").stream()
                .flatMap(section -> Dom.children(section, ns, "Configuration").stream())
                .map(this::deploymentOption).toList();
    }

    private DeploymentOption deploymentOption(Element configuration) {
        String id = Dom.attributeOrEmpty(configuration, ns, "id");
        if (id.isBlank()) {
            throw OvfException.invalid("DeploymentOptionSection/Configuration without ovf:id");
        }
        return new DeploymentOption(id, Dom.childText(configuration, ns, "Label"),
                Dom.childText(configuration, ns, "Description"),
                Boolean.parseBoolean(Dom.attributeOrEmpty(configuration, ns, "default").strip()));
    }

    private List<OvfNetwork> networks(Element root) {
        return Dom.child(root, ns, "NetworkSection").stream()
                .flatMap(section -> Dom.children(section, ns, "Network").stream())
                .map(network -> new OvfNetwork(Dom.attributeOrEmpty(network, ns, "name"),
                        Dom.childText(network, ns, "Description")))
                .toList();
    }

    private void refuseRequiredExtensions(Element parent) {
        for (Element child : Dom.elements(parent)) {
            boolean foreign = !ns.equals(child.getNamespaceURI());
            if (foreign && "true".equals(Dom.attributeOrEmpty(child, ns, "required").strip())) {
                throw OvfException.invalid("the descriptor requires the unsupported section " + Dom.describe(child)
                        + " (ovf:required=\"true\" in " + Dom.describe(parent) + ")");
            }
        }
    }
}
