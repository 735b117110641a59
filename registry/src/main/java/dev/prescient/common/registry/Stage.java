package dev.prescient.common.registry;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a model version stands; stored as the {@code stage} tag of its manifest. {@link #UNTAGGED} is
 * never stored: it is what a version shows whose manifest has no stage tag (lost, or removed by hand).
 * Such a version is not production, not a rollback target, and never pruned.
 */
public enum Stage {
    CANDIDATE, PRODUCTION, ARCHIVED, UNTAGGED;

    /** Tag value, e.g. {@code production}; {@code untagged} for {@link #UNTAGGED}, which is never written. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the stages a tag may hold. */
    public boolean storable() {
        return this != UNTAGGED;
    }

    public static Stage fromTag(String value, String where) {
        return Arrays.stream(values()).filter(s -> s.storable() && s.tag().equals(value)).findFirst()
                .orElseThrow(() -> new RegistryException("unknown stage tag '" + value + "' on " + where
                        + "; expected one of candidate, production, archived: fix the tag by hand or promote again"));
    }
}
