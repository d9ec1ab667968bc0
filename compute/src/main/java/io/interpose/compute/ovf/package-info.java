/**
 * OVF service VM packages: descriptors ({@link io.interpose.compute.ovf.OvfDescriptor}), packages
 * ({@link io.interpose.compute.ovf.OvfPackageLoader}), the registration check
 * ({@link io.interpose.compute.ovf.SvmPackageCheck}), the OVF environment
 * ({@link io.interpose.compute.ovf.OvfEnvironment}) and the lab's appliance section
 * ({@link io.interpose.compute.ovf.ApplianceSpec}).
 *
 * <p>Records never hold null: absent text is "", absent numbers are empty optionals, absent lists are
 * empty. Methods never return null. Every refusal of input is an
 * {@link io.interpose.compute.ovf.OvfException} (CANNOT_ACCESS or INVALID_FORMAT) whose message names
 * the problem; a caller's mistake (an unknown deployment option id, a non-empty work directory) is an
 * {@link java.lang.IllegalArgumentException}.
 */
package io.interpose.compute.ovf;
