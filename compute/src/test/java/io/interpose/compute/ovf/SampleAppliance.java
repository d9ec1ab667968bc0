package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example appliance descriptor of docs/appliance-format.md (src/test/resources/appliance/sample-appliance.ovf). */
final class SampleAppliance {
    private SampleAppliance() {
    }

    static String xml() {
        try (InputStream in = SampleAppliance.class.getResourceAsStream("/appliance/sample-appliance.ovf")) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OvfDescriptor descriptor() {
        return parse(xml());
    }

    static OvfDescriptor parse(String xml) {
        return OvfDescriptor.parse(xml.getBytes(UTF_8));
    }
}
