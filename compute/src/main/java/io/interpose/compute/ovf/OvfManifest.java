package io.interpose.compute.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package's {@code .mf} manifest: one {@code ALGORITHM(file)= hex} line per file, with algorithm
 * {@code SHA1}, {@code SHA256} or {@code SHA512} (OVF 1.x used SHA1, ovftool now writes SHA256). Blank
 * lines are ignored; any other line, an unknown algorithm or a digest of the wrong length is refused.
 */
public record OvfManifest(List<Entry> entries) {
    private static final Pattern LINE = Pattern.compile("(SHA1|SHA256|SHA512)\\((.+)\\)\\s*=\\s*([0-9a-fA-F]+)");
    private static final Map<String, String> JAVA_NAMES = Map.of("SHA1", "SHA-1", "SHA256", "SHA-256", "SHA512", "SHA-512");
    private static final Map<String, Integer> HEX_LENGTHS = Map.of("SHA1", 40, "SHA256", 64, "SHA512", 128);

    public OvfManifest {
        entries = List.copyOf(entries);
    }

    /** One line: the algorithm as written ({@code SHA256}), the file name and the digest in lower-case hex. */
    public record Entry(String algorithm, String file, String digest) {
        /** True for SHA256 and SHA512 (SHA1 is accepted and checked, but no longer resists forgery). */
        public boolean strong() {
            return !algorithm.equals("SHA1");
        }
    }

    /**
     * Parses a manifest.
     *
     * @throws OvfException INVALID_FORMAT naming the first bad line
     */
    public static OvfManifest parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                entries.add(entry(lines[i].strip(), i + 1));
            }
        }
        return new OvfManifest(entries);
    }

    /** The entries for this file (a manifest may give several algorithms). */
    public List<Entry> entries(String file) {
        return entries.stream().filter(entry -> entry.file().equals(file)).toList();
    }

    /** True when a SHA256 or SHA512 line covers this file. */
    public boolean coversStrongly(String file) {
        return entries(file).stream().anyMatch(Entry::strong);
    }

    /**
     * Checks every entry against the files under {@code directory}.
     *
     * @throws OvfException INVALID_FORMAT for a listed file that is missing or whose digest differs
     */
    void verify(PackageDirectory directory) throws IOException {
        for (Entry entry : entries) {
            Path file = directory.resolve(entry.file(), "the manifest entry");
            if (!directory.contains(entry.file()) || !Files.isRegularFile(file)) {
                throw OvfException.invalid("the manifest lists '" + entry.file() + "', which is not in the package");
            }
            String actual = digest(file, entry.algorithm());
            if (!actual.equals(entry.digest())) {
                throw OvfException.invalid("the " + entry.algorithm() + " digest of '" + entry.file()
                        + "' does not match the manifest (manifest " + entry.digest() + ", file " + actual + ")");
            }
        }
    }

    private static Entry entry(String line, int number) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            throw OvfException.invalid("manifest line " + number + " is not 'SHA256(file)= hex' (SHA1 and SHA512"
                    + " are also accepted): '" + abbreviate(line) + "'");
        }
        String algorithm = matcher.group(1);
        String digest = matcher.group(3).toLowerCase(Locale.ROOT);
        if (digest.length() != HEX_LENGTHS.get(algorithm)) {
            throw OvfException.invalid("manifest line " + number + ": a " + algorithm + " digest has "
                    + HEX_LENGTHS.get(algorithm) + " hex digits, not " + digest.length());
        }
        return new Entry(algorithm, matcher.group(2), digest);
    }

    static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance(JAVA_NAMES.get(algorithm)))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
