package dev.prescient.predictor.testing;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of malformed (and a few well-formed) HTTP requests to {@code /forecast}: random
 * query strings with bad percent escapes, unknown and repeated parameters, bad workload names, huge,
 * negative, NaN and wrongly typed horizons; JSON bodies with wrong types, huge numbers, NaN tokens,
 * truncation, deep nesting (arrays, objects, inside the known fields) and random bytes, strings and numbers
 * longer than the reader takes, one value more than the cap; bodies over the HTTP body limit; wrong methods
 * and content types.
 */
public final class MalformedRequests {

    private static final List<String> WORKLOADS = List.of("shop/api", "shop/cart", "shop/nope", "shop", "/", "",
            "SHOP/API", "shop/api/extra", "shop//api", "../etc/passwd", "shop/" + "a".repeat(300), "%00", "%zz",
            "%", "shop%2Fapi", "shop/api%00", "null", "[]", "{}", "-1", "shop/ap%C3%A9", "%F0%9F%92%A5/x");
    private static final List<String> HORIZONS = List.of("30m", "5m", "0", "0m", "-5m", "7m", "1e309", "NaN",
            "Infinity", "-Infinity", "99999999999999999999999d", "999999999999d", "PT-1S", "PT5M", "P1000000000D",
            "PT99999999999999999999H", "30", "m", "5 m", "%20", "true", "[1]", "%FF", "%", "30m30m", "1.5m");
    private static final List<String> JSON_VALUES = List.of("null", "true", "false", "0", "-1", "1e400", "-1e400",
            "123456789012345678901234567890", "NaN", "Infinity", "-0", "1.5", "\"\"", "\"shop/api\"", "\"30m\"",
            "[]", "{}", "[null]", "[1e999]", "\"2026-11-26T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
            "\"-999999999-01-01T00:00:00Z\"", "{\"a\": [1, {\"b\": null}]}", "\"\\u0000\"", "9223372036854775808",
            "[" + "1,".repeat(2000) + "1]");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_/=&?%.:;,+*!$'()[]{}\"<>|\\^`~#@";

    private final Random random;

    public MalformedRequests(long seed) {
        random = new Random(seed);
    }

    /** The raw bytes of the next request (HTTP/1.1, {@code Connection: close}). */
    public String next() {
        if (random.nextInt(200) == 0) {
            return request("POST", "/forecast", contentType(), oversized());
        }
        int kind = random.nextInt(10);
        if (kind < 5) {
            return request("GET", "/forecast?" + query(), null, null);
        }
        if (kind < 9) {
            return request("POST", "/forecast" + (random.nextInt(8) == 0 ? "?" + query() : ""), contentType(),
                    body());
        }
        String method = pick(List.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "GET", "POST"));
        String path = pick(List.of("/forecast", "/forecast/", "/forecast/x", "/workloads?x=%zz", "/forecast;a=b",
                "/forecast%00", "/FORECAST", "/q/health/ready?%", "/workloads/" + word()));
        return request(method, path, contentType(), random.nextBoolean() ? body() : null);
    }

    private String query() {
        StringBuilder q = new StringBuilder();
        int params = random.nextInt(5);
        for (int i = 0; i < params; i++) {
            if (i > 0) {
                q.append(random.nextInt(10) == 0 ? ";" : "&");
            }
            String name = pick(List.of("workload", "horizon", "workload", "horizon", word(), "", "workload[]"));
            String value = switch (name) {
                case "workload" -> random.nextInt(4) == 0 ? word() : pick(WORKLOADS);
                case "horizon" -> random.nextInt(4) == 0 ? word() : pick(HORIZONS);
                default -> word();
            };
            q.append(name);
            if (random.nextInt(6) != 0) {
                q.append('=').append(value);
            }
        }
        return q.toString();
    }

    private String body() {
        int kind = random.nextInt(13);
        return switch (kind) {
            case 0 -> word();
            case 1 -> "[".repeat(2000 + random.nextInt(3000));
            case 8 -> "{\"a\": ".repeat(1000 + random.nextInt(100_000));
            case 9 -> valid().replace("[1.0", "[" + "[".repeat(17 + random.nextInt(50_000)) + "1.0");
            case 10 -> valid().replace("\"shop/api\"", pick(List.of("{\"a\": ", "[")).repeat(17 + random.nextInt(5_000)));
            case 11 -> valid().replace("\"shop/api\"", random.nextBoolean() ? "\"" + "a".repeat(5_000 + random.nextInt(
                    100_000)) + "\"" : "1" + "0".repeat(101 + random.nextInt(10_000)));
            case 12 -> "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", "
                    + "\"stepSeconds\": 300, \"values\": [" + "1,".repeat(100_000 + random.nextInt(50_000)) + "1]}}";
            case 2 -> truncated(valid());
            case 3 -> valid().replace("\"shop/api\"", pick(JSON_VALUES));
            case 4 -> valid().replace("300", pick(JSON_VALUES));
            case 5 -> valid().replace("\"30m\"", pick(JSON_VALUES));
            case 6 -> valid().replace("\"2026-11-26T00:00:00Z\"", pick(JSON_VALUES));
            default -> valid().replace("[1.0", "[" + pick(JSON_VALUES));
        };
    }

    /** A well-formed request with three days of values (a forecast or a refusal, never a crash). */
    private String valid() {
        StringBuilder values = new StringBuilder("[");
        int n = random.nextInt(6) == 0 ? random.nextInt(10) : 864;
        double[] rates = DailyLoad.values(Instant.parse("2026-11-26T00:00:00Z"), DailyLoad.STEP, Math.max(1, n), 1);
        values.append("1.0");
        for (int i = 1; i < n; i++) {
            values.append(',').append(random.nextInt(50) == 0 ? "null" : String.valueOf(Math.round(rates[i])));
        }
        values.append(']');
        return "{\"workload\": \"shop/api\", \"horizon\": \"30m\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", "
                + "\"stepSeconds\": 300, \"values\": " + values + "}}";
    }

    /** A body just over the 4 MiB limit or several times it: answered 413 before it is read. */
    private String oversized() {
        int bytes = 4 * 1024 * 1024 + 1 + random.nextInt(random.nextBoolean() ? 16 : 8 * 1024 * 1024);
        return "{\"workload\": \"shop/api\", \"history\": {\"values\": [" + "1,".repeat(bytes / 2) + "1]}}";
    }

    private String truncated(String text) {
        return text.substring(0, random.nextInt(text.length()));
    }

    private String contentType() {
        return pick(List.of("application/json", "application/json", "application/json; charset=utf-8", "text/plain",
                "application/xml", "application/x-www-form-urlencoded", "*/*", "application/json; charset=latin-9",
                "garbage"));
    }

    private String word() {
        int length = random.nextInt(random.nextInt(8) == 0 ? 2000 : 20);
        StringBuilder w = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            w.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return w.toString();
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String request(String method, String target, String contentType, String body) {
        StringBuilder r = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n");
        if (body != null) {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (contentType != null) {
                r.append("Content-Type: ").append(contentType).append("\r\n");
            }
            r.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        } else {
            r.append("\r\n");
        }
        return r.toString();
    }
}
