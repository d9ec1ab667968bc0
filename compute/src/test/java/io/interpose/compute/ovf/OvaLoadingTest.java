package io.interpose.compute.ovf;

import static io.interpose.compute.ovf.TestPackages.contents;
import static io.interpose.compute.ovf.TestPackages.manifest;
import static io.interpose.compute.ovf.TestPackages.ova;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading OVAs from file URLs: extraction, manifest checks, and every refusal of a hostile or broken archive. */
class OvaLoadingTest {
    @TempDir
    Path temp;

    private final OvfPackageLoader loader = new OvfPackageLoader(OvfLimits.defaults());

    @Test
    void anOvaIsExtractedWithItsDescriptorParsedAndManifestVerified() throws IOException {
        OvfPackage pkg = loader.load(write("pkg.ova", ova()), temp.resolve("work"));

        assertThat(pkg.descriptorFile()).isEqualTo(temp.resolve("work/pkg.ovf"));
        assertThat(pkg.descriptor().files()).extracting(FileReference::href).containsExactly("app.sh", "data.bin");
        assertThat(Files.readString(pkg.file("f0"))).isEqualTo(TestPackages.APP);
        assertThat(pkg.manifest()).hasValueSatisfying(mf -> assertThat(mf.entries()).hasSize(3));
        pkg.requireStrongManifest();
    }

    @Test
    void aPackageWithoutManifestLoadsButIsNotStronglyVerified() {
        OvfPackage pkg = loader.load(write("pkg.ova", ova(contents(), null)), temp.resolve("work"));

        assertThat(pkg.manifest()).isEmpty();
        assertThatThrownBy(pkg::requireStrongManifest).isInstanceOf(OvfException.class).hasMessageContaining("no manifest");
    }

    @Test
    void aSha1ManifestIsVerifiedButIsNotStrongEnoughForAnAppliance() {
        OvfPackage pkg = loader.load(write("pkg.ova", ova(contents(), manifest("SHA1", contents()))), temp.resolve("work"));

        assertThatThrownBy(pkg::requireStrongManifest).hasMessageContaining("no SHA256 digest for 'pkg.ovf'");
    }

    @Test
    void aFileWhoseDigestDiffersFromTheManifestIsRefused() {
        Map<String, String> tampered = contents();
        String manifest = manifest("SHA256", tampered);
        tampered.put("app.sh", TestPackages.APP.replace("hello", "HELLO"));

        refusal(ova(tampered, manifest)).hasMessageContaining("SHA256 digest of 'app.sh' does not match the manifest");
    }

    @Test
    void aManifestThatOmitsAReferencedFileOrListsAnAbsentOneIsRefused() {
        Map<String, String> withoutData = contents();
        withoutData.remove("data.bin");
        Map<String, String> withGhost = contents();
        withGhost.put("ghost.txt", "boo");

        refusal(ova(contents(), manifest("SHA256", withoutData))).hasMessageContaining("does not list 'data.bin'");
        refusal(ova(contents(), manifest("SHA256", withGhost))).hasMessageContaining("lists 'ghost.txt', which is not in the package");
        refusal(ova(contents(), "MD5(app.sh)= 00\n")).hasMessageContaining("manifest line 1 is not 'SHA256(file)= hex'");
    }

    @Test
    void aReferencedFileMissingFromTheArchiveIsRefused() {
        Map<String, String> incomplete = contents();
        incomplete.remove("data.bin");

        refusal(ova(incomplete, null)).hasMessageContaining("'data.bin' (ovf:id 'f1') referenced by the descriptor is missing");
    }

    @Test
    void aFileOfAnotherSizeThanDeclaredIsRefused() {
        Map<String, String> resized = contents();
        resized.put("data.bin", TestPackages.DATA + "more");

        refusal(ova(resized, null)).hasMessageContaining("'data.bin' has 14 bytes, but the descriptor declares ovf:size=\"10\"");
    }

    @Test
    void theDescriptorMustBeTheFirstEntry() {
        byte[] archive = new TarBuilder().file("app.sh", TestPackages.APP).file("pkg.ovf", contents().get("pkg.ovf")).build();

        refusal(archive).hasMessageContaining("first entry of an OVA must be the .ovf descriptor, but it is 'app.sh'");
    }

    @Test
    void entriesThatEscapeTheDirectoryAreRefusedAndNothingIsWrittenOutside() throws IOException {
        for (String name : new String[] {"../evil.sh", "/tmp/evil.sh", "a/../../evil.sh", "a//b", "./x", "c:\\evil"}) {
            byte[] archive = new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf")).file(name, "evil").build();
            Path work = Files.createTempDirectory(temp, "work");

            refusal(archive, work).hasMessageContaining("'" + name + "'");
            assertThat(work).isEmptyDirectory();
        }
        assertThat(temp.resolve("evil.sh")).doesNotExist();
    }

    @Test
    void linksDirectoriesAndExtendedHeadersAreRefused() {
        refusal(withSecondEntry('2', "target")).hasMessageContaining("is a symbolic link to '/etc/passwd'");
        refusal(withSecondEntry('1', "target")).hasMessageContaining("is a hard link to '/etc/passwd'");
        refusal(withSecondEntry('5', "dir")).hasMessageContaining("is a directory");
        refusal(withSecondEntry('x', "pax")).hasMessageContaining("is a pax extended header");
        refusal(withSecondEntry('3', "dev")).hasMessageContaining("of type '3'");
    }

    @Test
    void aTruncatedArchiveIsRefused() {
        byte[] whole = ova();
        byte[] insideData = Arrays.copyOf(new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf")).buildWithoutEnd(), 700);
        byte[] insideHeader = Arrays.copyOf(whole, 512 * 6 + 100);
        byte[] noEnd = new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf")).buildWithoutEnd();

        refusal(insideData).hasMessageContaining("truncated: it ends inside an entry");
        refusal(insideHeader).hasMessageContaining("truncated: it ends inside a header");
        refusal(noEnd).hasMessageContaining("truncated: it ends before the end-of-archive block");
    }

    @Test
    void aCorruptHeaderIsRefused() {
        byte[] archive = ova();
        archive[10] ^= 0x20;

        refusal(archive).hasMessageContaining("wrong checksum");
    }

    @Test
    void oversizedDescriptorsFilesAndPackagesAreRefused() {
        byte[] archive = ova();
        int descriptorSize = contents().get("pkg.ovf").length();

        refusal(archive, OvfLimits.defaults().withSizes(descriptorSize - 1, 1000, 100_000))
                .hasMessageContaining("the OVF descriptor 'pkg.ovf' declares " + descriptorSize + " bytes, more than the limit");
        refusal(archive, OvfLimits.defaults().withSizes(4096, 12, 100_000))
                .hasMessageContaining("the OVA entry 'pkg.mf' declares");
        refusal(archive, OvfLimits.defaults().withSizes(4096, 4096, descriptorSize + 100))
                .hasMessageContaining("the package is larger than the limit of " + (descriptorSize + 100) + " bytes");
    }

    @Test
    void anEntryThatDeclaresMoreThanItHoldsIsTruncated() {
        byte[] archive = new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf"))
                .entry("app.sh", '0', "", "short".getBytes(UTF_8), 5000).buildWithoutEnd();

        refusal(archive).hasMessageContaining("truncated");
    }

    @Test
    void emptyAndNonTarInputsAreRefused() {
        refusal(new byte[1024]).hasMessageContaining("the OVA is an empty archive");
        refusal("not a tar".repeat(100).getBytes(UTF_8)).hasMessageContaining("the OVA is not a ustar archive");
        assertThatThrownBy(() -> loader.load(write("pkg.bin", "not a tar".getBytes(UTF_8)), temp.resolve("w")))
                .hasMessageContaining("'pkg.bin' is neither an OVA (a ustar archive) nor an .ovf descriptor");
    }

    @Test
    void aMissingFileIsInaccessibleAndAWorkDirectoryInUseIsRefused() throws IOException {
        assertThatThrownBy(() -> loader.load(temp.resolve("absent.ova").toUri(), temp.resolve("w")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS));
        Path used = Files.createDirectories(temp.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> loader.load(write("pkg.ova", ova()), used))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not empty");
        assertThat(used.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void anUnsupportedSchemeIsInaccessible() {
        assertThatThrownBy(() -> loader.load(java.net.URI.create("ftp://example.org/pkg.ova"), temp.resolve("w")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS))
                .hasMessageContaining("only file, http and https");
    }

    private static byte[] withSecondEntry(char type, String name) {
        return new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf"))
                .entry(name, type, "/etc/passwd", new byte[0], 0).build();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusal(byte[] archive) {
        return refusal(archive, temp.resolve("refused-" + System.nanoTime()));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusal(byte[] archive, Path work) {
        return refusal(archive, work, loader);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusal(byte[] archive, OvfLimits limits) {
        return refusal(archive, temp.resolve("refused-" + System.nanoTime()), new OvfPackageLoader(limits));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusal(byte[] archive, Path work, OvfPackageLoader with) {
        java.net.URI url = write("pkg-" + System.nanoTime() + ".ova", archive);
        return assertThatThrownBy(() -> with.load(url, work))
                .isInstanceOfSatisfying(OvfException.class, e -> {
                    assertThat(e.kind()).isEqualTo(OvfException.Kind.INVALID_FORMAT);
                    assertThat(isEmpty(work)).as("work directory left empty").isTrue();
                });
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return !Files.exists(dir);
        }
    }

    private java.net.URI write(String name, byte[] bytes) {
        try {
            return Files.write(temp.resolve(name), bytes).toUri();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
