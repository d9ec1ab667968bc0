package io.interpose.compute.ovf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Small OVF packages for loader tests: a descriptor referencing some files, and manifests over them. */
final class TestPackages {
    static final String APP = "#!/bin/sh\necho hello\n";
    static final String DATA = "some data\n";

    private TestPackages() {
    }

    /** A descriptor referencing {@code files} (href to content), with sizes. */
    static String descriptor(Map<String, String> files) {
        StringBuilder references = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            references.append("<File ovf:id=\"f").append(i++).append("\" ovf:href=\"").append(file.getKey())
                    .append("\" ovf:size=\"").append(file.getValue().getBytes(UTF_8).length).append("\"/>");
        }
        return "<?xml version=\"1.0\"?><Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\""
                + " xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><References>" + references + "</References>"
                + "<VirtualSystem ovf:id=\"vm\"><Info/></VirtualSystem></Envelope>";
    }

    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.sh", APP);
        files.put("data.bin", DATA);
        return files;
    }

    /** The files of the standard test package, descriptor {@code pkg.ovf} first. */
    static Map<String, String> contents() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("pkg.ovf", descriptor(files()));
        all.putAll(files());
        return all;
    }

    static String manifest(String algorithm, Map<String, String> contents) {
        return contents.entrySet().stream()
                .map(e -> algorithm + "(" + e.getKey() + ")= " + digest(algorithm, e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The standard package as an OVA: descriptor, manifest (SHA256), then the files. */
    static byte[] ova() {
        return ova(contents(), manifest("SHA256", contents()));
    }

    static byte[] ova(Map<String, String> contents, String manifest) {
        TarBuilder tar = new TarBuilder();
        contents.forEach((name, content) -> {
            tar.file(name, content);
            if (name.endsWith(".ovf") && manifest != null) {
                tar.file(name.replace(".ovf", ".mf"), manifest);
            }
        });
        return tar.build();
    }

    static String digest(String algorithm, String content) {
        try {
            String java = algorithm.replace("SHA", "SHA-");
            return HexFormat.of().formatHex(MessageDigest.getInstance(java).digest(content.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
