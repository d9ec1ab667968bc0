package io.interpose.compute.ovf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser, namespace-aware and hardened for documents from strangers: any DOCTYPE is
 * refused (so no DTD, no entity declaration, no external entity can be used), XInclude is off, external
 * DTD and schema access is disabled, secure processing is on, and the JDK's limits are tightened
 * (entity expansion, element depth, attributes per element, name length).
 */
final class SecureXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private SecureXml() {
    }

    /**
     * Parses {@code xml}; {@code what} names the document in the error message.
     *
     * @throws OvfException INVALID_FORMAT naming the line and column of the first problem
     */
    static Document parse(byte[] xml, String what) {
        try {
            DocumentBuilder builder = builder();
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw OvfException.invalid(what + " is not acceptable XML (DTDs and entities are refused): line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw OvfException.invalid(what + " is not acceptable XML: " + e.getMessage());
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            builder.setErrorHandler(new Strict());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
        }
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.entityExpansionLimit", "64");
        factory.setAttribute("jdk.xml.totalEntitySizeLimit", "65536");
        factory.setAttribute("jdk.xml.maxGeneralEntitySizeLimit", "4096");
        factory.setAttribute("jdk.xml.maxElementDepth", "64");
        factory.setAttribute("jdk.xml.elementAttributeLimit", "256");
        factory.setAttribute("jdk.xml.maxXMLNameLimit", "1000");
        return factory;
    }

    /** Turns warnings and recoverable errors into failures instead of printing them. */
    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
