package io.interpose.manager.api;

import io.interpose.model.Tag;
import io.interpose.model.Violations;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields every resource has and the client may set: {@code id}, {@code display_name},
 * {@code description}, {@code tags}, and the {@code _revision} it believes is current.
 */
public record CommonFields(String id, String displayName, String description, List<Tag> tags, Optional<Long> revision) {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,254}");
    public static final int MAX_DISPLAY_NAME = 255;
    public static final int MAX_DESCRIPTION = 1024;
    public static final int MAX_TAGS = 30;

    public CommonFields {
        description = description == null ? "" : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        revision = revision == null ? Optional.empty() : revision;
    }

    /** The same fields with the id decided by the server (from the URL or generated). */
    public CommonFields withId(String newId) {
        String name = displayName == null || displayName.isBlank() ? newId : displayName;
        return new CommonFields(newId, name, description, tags, revision);
    }

    public void check(Violations violations) {
        violations.check(id == null || ID.matcher(id).matches(), "id",
                "must be 1 to 255 letters, digits, '.', '_', '~' or '-', starting with a letter or digit");
        violations.maxLength(displayName, MAX_DISPLAY_NAME, "display_name");
        violations.maxLength(description, MAX_DESCRIPTION, "description");
        violations.maxSize(tags, MAX_TAGS, "tags");
        for (int i = 0; i < tags.size(); i++) {
            tags.get(i).check("tags[" + i + "]", violations);
        }
    }
}
