package dev.prescient.predictor.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Reads the body of {@code POST /forecast} token by token (Jackson's streaming {@link JsonParser}), so what a
 * request can make the predictor hold is bounded before the body is read to its end: the values go into a
 * primitive array that stops growing at {@link RequestParser#MAX_VALUES} (the value after it is refused and
 * the rest of the body is not read), nesting stops at {@value #MAX_DEPTH} levels, strings and numbers at a
 * few thousand characters, the body at a number of bytes. Each refusal is an {@link ApiException} naming the
 * field (400) or the size (413), marked to close the connection: the body is neither read nor drained further
 * (the parser does not close the stream, whose {@code close()} would read the rest). Unknown fields are
 * skipped, as Jackson's data binding did.
 */
public final class ForecastRequestReader {

    /** Deepest nesting read: the request itself needs three levels (body, history, values). */
    static final int MAX_DEPTH = 16;
    /** Longest string or field name: a workload key is at most 127 characters. */
    static final int MAX_STRING = 4_096;
    /** Longest number literal. */
    static final int MAX_NUMBER = 100;
    private static final int FIRST_CAPACITY = 1_024;
    private static final String SHAPE = "send {\"workload\", \"horizon\", \"history\": {\"start\", \"stepSeconds\", "
            + "\"values\"}}";

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING).maxNameLength(MAX_STRING).maxNumberLength(MAX_NUMBER).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    /** A body that went past the bytes allowed. */
    private static final class TooLarge extends IOException {

        TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    /**
     * The request in {@code body}, however many bytes it has (the values are still capped), or null when the body
     * is empty.
     *
     * @throws ApiException 400 naming the field or the JSON problem, or saying that the body could not be read
     */
    public ForecastRequest read(InputStream body) {
        return read(body, Long.MAX_VALUE);
    }

    /**
     * The request in {@code body}, reading at most {@code maxBytes} of it, or null when the body is empty.
     *
     * @throws ApiException 400 naming the field or the JSON problem, or saying that the body could not be read;
     *     413 when the body has more than {@code maxBytes}; either marked to close the connection
     */
    public ForecastRequest read(InputStream body, long maxBytes) {
        try {
            return parse(maxBytes == Long.MAX_VALUE ? body : limited(body, maxBytes));
        } catch (ApiException e) {
            throw e.closingConnection();
        }
    }

    private ForecastRequest parse(InputStream body) {
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.badParameter("body", "is not valid JSON of the expected shape (" + describe(first)
                        + " instead of an object); " + SHAPE);
            }
            ForecastRequest request = request(parser);
            if (parser.nextToken() != null) {
                throw ApiException.badParameter("body", "has more after the JSON object; " + SHAPE);
            }
            return request;
        } catch (StreamConstraintsException e) {
            throw ApiException.badParameter("body", "is refused: " + firstLine(e) + " (at most " + MAX_DEPTH
                    + " levels of nesting, " + MAX_STRING + " characters per string, " + MAX_NUMBER
                    + " per number)");
        } catch (JsonProcessingException e) {
            throw ApiException.badParameter("body", "is not valid JSON (" + firstLine(e) + "); " + SHAPE);
        } catch (TooLarge e) {
            throw new ApiException(413, ApiException.BODY_TOO_LARGE, "the body has " + e.getMessage() + ", the most "
                    + "this predictor reads of a body without Content-Length; a POST /forecast carries at most "
                    + RequestParser.MAX_VALUES + " values");
        } catch (IOException e) {
            // the client went away, or the HTTP layer refused a chunked body past the size limit (and answered 413)
            throw ApiException.badParameter("body", "cannot be read to its end (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
    }

    /** {@code body}, failing with {@link TooLarge} once more than {@code limit} bytes have been read. */
    private static InputStream limited(InputStream body, long limit) {
        return new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) throws TooLarge {
                read += n;
                if (read > limit) {
                    throw new TooLarge(limit);
                }
            }
        };
    }

    private static ForecastRequest request(JsonParser parser) throws IOException {
        String workload = null;
        String horizon = null;
        ForecastRequest.History history = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "workload" -> workload = text(parser, value, "workload");
                case "horizon" -> horizon = text(parser, value, "horizon");
                case "history" -> history = history(parser, value);
                default -> parser.skipChildren();
            }
        }
        return new ForecastRequest(workload, horizon, history);
    }

    private static ForecastRequest.History history(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw ApiException.badParameter("history", "must be an object {\"start\", \"stepSeconds\", \"values\"}, "
                    + "got " + describe(token));
        }
        Instant start = null;
        Long stepSeconds = null;
        double[] values = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "start" -> start = instant(parser, value);
                case "stepSeconds" -> stepSeconds = seconds(parser, value);
                case "values" -> values = values(parser, value);
                default -> parser.skipChildren();
            }
        }
        return new ForecastRequest.History(start, stepSeconds, values);
    }

    private static String text(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw ApiException.badParameter(field, "must be a string, got " + describe(token));
        }
        return parser.getText();
    }

    private static Instant instant(JsonParser parser, JsonToken token) throws IOException {
        String text = text(parser, token, "history.start");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter("history.start", "cannot read '" + RequestParser.echo(text) + "' as an "
                    + "ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }

    private static Long seconds(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw ApiException.badParameter("history.stepSeconds", "must be a whole number of seconds, got "
                    + describe(token));
        }
        return parser.getLongValue();
    }

    /** The values, a gap (null) as NaN; refuses the value after the cap without reading further. */
    private static double[] values(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw ApiException.badParameter("history.values", "must be an array of numbers, got " + describe(token));
        }
        double[] values = new double[FIRST_CAPACITY];
        int count = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
                throw ApiException.badParameter("body", "ends inside history.values; " + SHAPE);
            }
            if (count == RequestParser.MAX_VALUES) {
                throw ApiException.badParameter("history.values", "must hold 1 to " + RequestParser.MAX_VALUES
                        + " values, got more; the body was read no further");
            }
            double value = switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_NULL -> Double.NaN;
                default -> throw ApiException.badParameter("history.values[" + count + "]", "must be a number or "
                        + "null for a gap, got " + describe(t));
            };
            if (count == values.length) {
                values = Arrays.copyOf(values, Math.min(RequestParser.MAX_VALUES, 2 * values.length));
            }
            values[count++] = value;
        }
        return Arrays.copyOf(values, count);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return message.lines().findFirst().orElse("");
    }
}
