package io.interpose.compute.ovf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the lab runs for an appliance, read from its {@code ProductSection ovf:class="io.interpose.appliance"}
 * (see docs/appliance-format.md): the command as tokens with placeholders, how the process signals that it
 * is ready, the memory of each deployment option (the runtime's resource limit) and the package's files.
 *
 * <p>Placeholders, resolved by {@link #command}: {@code {file:ID}} (absolute path of the file with that
 * {@code ovf:id}), {@code {env}} (absolute path of the {@code ovf-env.xml}), {@code {memory}} (MiB of the
 * chosen option), {@code {java}} (the {@code java} executable of the running JVM). The process runs with
 * the package directory as its working directory.
 */
public record ApplianceSpec(List<String> commandTemplate, Readiness readiness, Map<String, Long> memoryMiBByConfiguration,
                            String defaultConfiguration, Map<String, String> fileHrefs) {
    /** The {@code ovf:class} of the section that describes an appliance. */
    public static final String PRODUCT_CLASS = "io.interpose.appliance";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    /**
     * @throws OvfException INVALID_FORMAT for an empty command, an unknown placeholder or file id
     */
    public ApplianceSpec {
        commandTemplate = List.copyOf(commandTemplate);
        readiness = readiness == null ? Readiness.parse("") : readiness;
        memoryMiBByConfiguration = Map.copyOf(memoryMiBByConfiguration);
        defaultConfiguration = Text.of(defaultConfiguration);
        fileHrefs = Map.copyOf(fileHrefs);
        if (commandTemplate.isEmpty()) {
            throw OvfException.invalid("the appliance command is empty");
        }
        for (String token : commandTemplate) {
            checkPlaceholders(token, fileHrefs);
        }
    }

    /** When the runtime considers the process ready. */
    public sealed interface Readiness {
        /** Parses {@code line:TEXT} or {@code file:PATH}; {@code ""} means {@code line:READY}. */
        static Readiness parse(String text) {
            if (text.isBlank()) {
                return new OutputLine("READY");
            }
            if (text.startsWith("line:") && text.length() > 5) {
                return new OutputLine(text.substring(5));
            }
            if (text.startsWith("file:") && PackageDirectory.isSafe(text.substring(5))) {
                return new MarkerFile(text.substring(5));
            }
            throw OvfException.invalid("the appliance property 'ready' must be 'line:TEXT' or 'file:RELATIVE-PATH', not '" + text + "'");
        }
    }

    /** Ready when the process prints a line equal to {@code line} on its standard output. */
    public record OutputLine(String line) implements Readiness {
    }

    /** Ready when the file {@code relativePath} exists in the working directory. */
    public record MarkerFile(String relativePath) implements Readiness {
    }

    /**
     * Reads the appliance section of a single-VM descriptor.
     *
     * @throws OvfException INVALID_FORMAT for a collection, no or several appliance sections, a missing or
     *     malformed {@code command}, an unknown placeholder or file id, a bad {@code ready}, or a deployment
     *     option without memory
     */
    public static ApplianceSpec of(OvfDescriptor descriptor) {
        VirtualSystem system = descriptor.requireSingleVirtualSystem();
        List<ProductSection> sections = system.productSections().stream()
                .filter(section -> section.productClass().equals(PRODUCT_CLASS)).toList();
        if (sections.size() != 1) {
            throw OvfException.invalid("an appliance needs exactly one ProductSection with ovf:class=\"" + PRODUCT_CLASS
                    + "\", found " + sections.size());
        }
        ProductSection section = sections.get(0);
        Map<String, String> files = descriptor.files().stream()
                .collect(Collectors.toMap(FileReference::id, FileReference::href, (a, b) -> a, LinkedHashMap::new));
        return new ApplianceSpec(CommandLine.tokens(value(section, "command")), Readiness.parse(section.property("ready").map(OvfProperty::defaultValue).orElse("")),
                memory(descriptor, system), descriptor.defaultDeploymentOption().map(DeploymentOption::id).orElse(""), files);
    }

    /**
     * The memory limit in MiB under {@code configurationId} ("" = the default option).
     *
     * @throws IllegalArgumentException for an id that is not a deployment option
     */
    public long memoryMiB(String configurationId) {
        String id = configurationId.isEmpty() ? defaultConfiguration : configurationId;
        Long memory = memoryMiBByConfiguration.get(id);
        if (memory == null) {
            throw new IllegalArgumentException("'" + configurationId + "' is not a deployment option of the appliance;"
                    + " it declares: " + String.join(", ", memoryMiBByConfiguration.keySet()));
        }
        return memory;
    }

    /**
     * The command line with every placeholder resolved.
     *
     * @throws IllegalArgumentException for an id that is not a deployment option
     */
    public List<String> command(Path packageDirectory, Path environmentFile, String configurationId) {
        long memory = memoryMiB(configurationId);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> resolved = new ArrayList<>();
        for (String token : commandTemplate) {
            Matcher matcher = PLACEHOLDER.matcher(token);
            resolved.add(matcher.replaceAll(match -> Matcher.quoteReplacement(switch (match.group(1)) {
                case "env" -> environmentFile.toAbsolutePath().toString();
                case "memory" -> Long.toString(memory);
                case "java" -> java.toString();
                default -> packageDirectory.toAbsolutePath().resolve(fileHrefs.get(match.group(1).substring(5)))
                        .normalize().toString();
            })));
        }
        return resolved;
    }

    private static String value(ProductSection section, String key) {
        String value = section.property(key).map(OvfProperty::defaultValue).orElse("").strip();
        if (value.isEmpty()) {
            throw OvfException.invalid("the " + PRODUCT_CLASS + " ProductSection needs a property '" + key + "' with a value");
        }
        return value;
    }

    private static void checkPlaceholders(String token, Map<String, String> files) {
        Matcher matcher = PLACEHOLDER.matcher(token);
        String rest = matcher.replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw OvfException.invalid("the appliance command token '" + token + "' has an unmatched brace");
        }
        matcher.reset();
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean known = name.equals("env") || name.equals("memory") || name.equals("java")
                    || name.startsWith("file:") && files.containsKey(name.substring(5));
            if (!known) {
                throw OvfException.invalid("the appliance command uses {" + name + "}, which is not a placeholder"
                        + " ({env}, {memory}, {java} or {file:ID} with ID one of: " + String.join(", ", files.keySet()) + ")");
            }
        }
    }

    private static Map<String, Long> memory(OvfDescriptor descriptor, VirtualSystem system) {
        List<String> ids = descriptor.deploymentOptions().isEmpty() ? List.of("")
                : descriptor.deploymentOptions().stream().map(DeploymentOption::id).toList();
        Map<String, Long> memory = new LinkedHashMap<>();
        for (String id : ids) {
            long mib = system.hardware(id).memoryMiB().orElseThrow(() -> OvfException.invalid(
                    "the appliance declares no memory (ResourceType 4 item)" + (id.isEmpty() ? "" : " for deployment option '" + id + "'")));
            memory.put(id, mib);
        }
        return memory;
    }
}
