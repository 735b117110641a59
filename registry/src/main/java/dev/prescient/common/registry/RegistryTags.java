package dev.prescient.common.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The object tags on a version's manifest that hold its stage history. */
final class RegistryTags {

    static final String STAGE = "stage";
    static final String REASON = "reason";
    static final String PROMOTED_AT = "promoted-at";
    static final String ARCHIVED_AT = "archived-at";
    /** S3 limit on a tag value's length. */
    static final int MAX_VALUE = 256;

    private RegistryTags() {
    }

    static Map<String, String> initial(Stage stage, String reason) {
        requireStorable(stage);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(STAGE, stage.tag());
        tags.put(REASON, sanitise(reason));
        return tags;
    }

    /** Tags after moving to {@code to}: records when a version became production and when it left. */
    static Map<String, String> transition(Map<String, String> current, Stage to, String reason, Instant now,
                                          String where) {
        requireStorable(to);
        Stage from = stage(current, where);
        Map<String, String> next = new LinkedHashMap<>(current);
        next.put(STAGE, to.tag());
        next.put(REASON, sanitise(reason));
        if (to == Stage.PRODUCTION && from != Stage.PRODUCTION) {
            next.put(PROMOTED_AT, now.toString());
        }
        if (from == Stage.PRODUCTION && to != Stage.PRODUCTION) {
            next.put(ARCHIVED_AT, now.toString());
        }
        return next;
    }

    /** The stored stage, {@link Stage#UNTAGGED} if there is no stage tag. */
    static Stage stage(Map<String, String> tags, String where) {
        String value = tags.get(STAGE);
        return value == null ? Stage.UNTAGGED : Stage.fromTag(value, where);
    }

    /** Tags that make a version production as of {@code promotedAt}, whatever it was before. */
    static Map<String, String> promoted(Map<String, String> current, String reason, Instant promotedAt) {
        Map<String, String> next = new LinkedHashMap<>(current);
        next.put(STAGE, Stage.PRODUCTION.tag());
        next.put(REASON, sanitise(reason));
        next.put(PROMOTED_AT, promotedAt.toString());
        return next;
    }

    private static void requireStorable(Stage stage) {
        if (!stage.storable()) {
            throw new IllegalArgumentException("stage " + stage.tag() + " cannot be stored: it is what a version"
                    + " without a stage tag shows; set candidate, production or archived");
        }
    }

    static Optional<Instant> instant(Map<String, String> tags, String key) {
        String value = tags.get(key);
        try {
            return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Keeps the characters S3 allows in tag values (letters, digits, space and {@code + - = . _ : / @}),
     * replacing others by {@code _}, and cuts to 256 characters.
     */
    static String sanitise(String text) {
        String clean = (text == null ? "" : text).replaceAll("[^\\p{L}\\p{N} +\\-=._:/@]", "_").strip();
        return clean.length() <= MAX_VALUE ? clean : clean.substring(0, MAX_VALUE);
    }
}
