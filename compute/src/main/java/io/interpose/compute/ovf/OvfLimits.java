package io.interpose.compute.ovf;

import java.time.Duration;

/**
 * How much an {@link OvfPackageLoader} accepts: the descriptor's size, each file's size, the whole
 * package's size (all entries or files together, descriptor and manifest included), and for HTTP the
 * time allowed to connect and to receive the response headers. All sizes in bytes, all positive.
 */
public record OvfLimits(long maxDescriptorBytes, long maxFileBytes, long maxPackageBytes,
                        Duration connectTimeout, Duration requestTimeout) {
    public static final long DEFAULT_MAX_DESCRIPTOR_BYTES = 4L << 20;
    public static final long DEFAULT_MAX_FILE_BYTES = 2L << 30;
    public static final long DEFAULT_MAX_PACKAGE_BYTES = 8L << 30;

    public OvfLimits {
        requirePositive(maxDescriptorBytes, "maxDescriptorBytes");
        requirePositive(maxFileBytes, "maxFileBytes");
        requirePositive(maxPackageBytes, "maxPackageBytes");
        requirePositive(connectTimeout.toMillis(), "connectTimeout");
        requirePositive(requestTimeout.toMillis(), "requestTimeout");
    }

    /** 4 MiB descriptor, 2 GiB per file, 8 GiB per package, 10 s to connect, 30 s to the response headers. */
    public static OvfLimits defaults() {
        return new OvfLimits(DEFAULT_MAX_DESCRIPTOR_BYTES, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PACKAGE_BYTES,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** These limits with other sizes. */
    public OvfLimits withSizes(long descriptorBytes, long fileBytes, long packageBytes) {
        return new OvfLimits(descriptorBytes, fileBytes, packageBytes, connectTimeout, requestTimeout);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
