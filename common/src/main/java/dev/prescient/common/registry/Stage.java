package dev.prescient.common.registry;

import java.util.Arrays;
import java.util.Locale;

/** Where a model version stands; stored as the {@code stage} tag of its manifest. */
public enum Stage {
    CANDIDATE, PRODUCTION, ARCHIVED;

    /** Tag value, e.g. {@code production}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stage fromTag(String value, String where) {
        return Arrays.stream(values()).filter(s -> s.tag().equals(value)).findFirst()
                .orElseThrow(() -> new RegistryException("unknown stage tag '" + value + "' on " + where
                        + "; expected one of candidate, production, archived: fix the tag by hand or promote again"));
    }
}
