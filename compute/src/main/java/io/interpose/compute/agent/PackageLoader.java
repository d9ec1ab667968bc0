package io.interpose.compute.agent;

/**
 * Turns a {@link PackageSource} into a runnable {@link SvmPackage}. Called before each start of a
 * service VM, so it should cache what is expensive to fetch.
 */
@FunctionalInterface
public interface PackageLoader {
    /** @throws PackageException if the package cannot be read or is not valid */
    SvmPackage load(PackageSource source);
}
