package io.interpose.compute.agent;

import io.interpose.model.Violations;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Field rules shared by the agency configuration records. Ids follow the lab's rule (letters, digits,
 * {@code . _ : -}) so that {@code <agency>@<host>} is an unambiguous service VM id and a safe directory
 * name. OVF environment values must be characters XML 1.0 can carry.
 */
final class ConfigRules {
    static final int MAX_ID = 255;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private ConfigRules() {}

    static void id(Violations v, String field, String value) {
        v.required(value, field);
        if (value != null && !value.isBlank()) {
            v.maxLength(value, MAX_ID, field).check(ID.matcher(value).matches(), field,
                    "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'");
        }
    }

    static void properties(Violations v, String field, Map<String, String> properties) {
        if (properties == null) {
            return;
        }
        properties.forEach((key, value) -> {
            v.check(key != null && !key.isBlank() && isXmlText(key), field, "has a blank or non-XML key");
            v.check(value != null && isXmlText(value), field + "." + key, "must be a string of XML 1.0 characters");
        });
    }

    /** True if every character of {@code text} may appear in an XML 1.0 document. */
    static boolean isXmlText(String text) {
        // An unpaired surrogate comes out of codePoints() as itself (0xD800-0xDFFF), which is refused.
        return text.codePoints().allMatch(ConfigRules::isXmlChar);
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
