package dev.prescient.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the durations used in configuration: a whole number with one unit
 * ({@code 30s}, {@code 5m}, {@code 2h}, {@code 3d}) or ISO-8601 ({@code PT5M}, {@code P3D}).
 * {@link #format} gives the short form back, so {@code parse(format(d))} equals {@code d}.
 */
public final class DurationParser {

    /** The accepted forms, for error messages. */
    public static final String ACCEPTED_FORMS =
            "a whole number with unit s, m, h or d (30s, 5m, 2h, 3d) or ISO-8601 (PT5M)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})([smhd])");

    private DurationParser() {
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms when it is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cannot parse an empty duration; use " + ACCEPTED_FORMS);
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("cannot parse duration '" + text + "'; use " + ACCEPTED_FORMS);
    }

    /**
     * The shortest short form of {@code d} ({@code 3d}, {@code 90s}); ISO-8601 when {@code d} is
     * negative or not a whole number of seconds.
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() != 0) {
            return d.toString();
        }
        long s = d.getSeconds();
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
