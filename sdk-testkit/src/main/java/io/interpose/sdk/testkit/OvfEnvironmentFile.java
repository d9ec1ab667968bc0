package io.interpose.sdk.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

/** Writes an {@code ovf-env.xml} as the platform does: one {@code Property oe:key oe:value} per entry. */
final class OvfEnvironmentFile {
    private static final String NAMESPACE = "http://schemas.dmtf.org/ovf/environment/1";

    private OvfEnvironmentFile() {
    }

    static Path write(Path file, Map<String, String> properties) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Environment xmlns=\"")
                .append(NAMESPACE).append("\" xmlns:oe=\"").append(NAMESPACE).append("\" oe:id=\"fake-svm\">\n  <PropertySection>\n");
        properties.forEach((k, v) -> xml.append("    <Property oe:key=\"").append(escape(k)).append("\" oe:value=\"")
                .append(escape(v)).append("\"/>\n"));
        xml.append("  </PropertySection>\n</Environment>\n");
        return Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }
}
