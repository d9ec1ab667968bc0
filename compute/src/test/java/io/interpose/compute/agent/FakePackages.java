package io.interpose.compute.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A package loader whose packages are all fine until a test breaks one (by URL). */
final class FakePackages implements PackageLoader {
    private final Map<String, PackageException.Kind> broken = new ConcurrentHashMap<>();
    private volatile int loads;

    @Override
    public SvmPackage load(PackageSource source) {
        loads++;
        PackageException.Kind kind = broken.get(source.url());
        if (kind != null) {
            throw new PackageException(kind, source.url(), "package " + source.url() + " is " + kind);
        }
        return new SvmPackage(Path.of(URI.create(source.url())), source.command().isEmpty() ? List.of("svm") : source.command(),
                source.memoryMib());
    }

    void breakPackage(String url, PackageException.Kind kind) {
        broken.put(url, kind);
    }

    void repair(String url) {
        broken.remove(url);
    }

    int loads() {
        return loads;
    }
}
