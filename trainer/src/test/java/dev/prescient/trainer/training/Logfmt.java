package dev.prescient.trainer.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A logfmt reader for tests: {@code key=value} pairs, values bare or in double quotes with backslash escapes. */
public final class Logfmt {

    private static final Pattern PAIR = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s\"]*))");

    private Logfmt() {
    }

    /** The pairs of {@code line} in order; text that is no pair (a message prefix) is skipped. */
    public static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(line);
        while (m.find()) {
            String value = m.group(3) != null ? unescape(m.group(3)) : m.group(4);
            fields.put(m.group(1), value);
        }
        return fields;
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = quoted.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> next;
            });
        }
        return out.toString();
    }
}
