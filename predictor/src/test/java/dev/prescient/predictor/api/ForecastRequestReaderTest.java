package dev.prescient.predictor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming read of a POST body: what it makes of good bodies, and the 400 it answers each bad one with. */
class ForecastRequestReaderTest {

    private static final String HISTORY = "\"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, ";

    private final ForecastRequestReader reader = new ForecastRequestReader();

    private ForecastRequest read(String body) {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEveryFieldWithGapsAsNaNAndSkipsUnknownOnes() {
        ForecastRequest request = read("{\"extra\": {\"a\": [1, {\"b\": null}]}, \"workload\": \"shop/api\", "
                + "\"horizon\": \"15m\", " + HISTORY + "\"values\": [1, 2.5, null, 1e2, -0], \"note\": \"x\"}}");

        assertThat(request.workload()).isEqualTo("shop/api");
        assertThat(request.horizon()).isEqualTo("15m");
        assertThat(request.history().start()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(request.history().stepSeconds()).isEqualTo(300L);
        assertThat(request.history().values()).containsExactly(1, 2.5, Double.NaN, 100, 0);
    }

    @Test
    void anEmptyBodyIsNoRequestAndNullsAreAbsentFields() {
        assertThat(read("")).isNull();
        assertThat(read("{\"workload\": null, \"horizon\": null, \"history\": null}"))
                .isEqualTo(new ForecastRequest(null, null, null));
    }

    @Test
    void readsTheMostValuesAllowed() {
        ForecastRequest request = read(body(RequestParser.MAX_VALUES));
        assertThat(request.history().values()).hasSize(RequestParser.MAX_VALUES).containsOnly(1.0);
    }

    @Test
    void stopsReadingAtTheValueAfterTheCap() {
        // an endless body of values: the read must stop at the cap instead of waiting for the end
        CountingEndlessBody body = new CountingEndlessBody("{\"workload\": \"shop/api\", " + HISTORY + "\"values\": [",
                "1,");

        assertThatThrownBy(() -> reader.read(body)).isInstanceOf(ApiException.class)
                .hasMessage("history.values: must hold 1 to 100000 values, got more; the body was read no further")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
        // 100,001 values of two bytes, plus the parser's last buffer: nowhere near the whole (endless) body
        assertThat(body.read).isBetween(200_000L, 300_000L);
    }

    @Test
    void aBodyOverTheByteLimitIs413AndNothingDrainsTheRest() {
        CountingEndlessBody body = new CountingEndlessBody("{\"workload\": \"shop/api\",", " ");

        assertThatThrownBy(() -> reader.read(body, 300_000)).isInstanceOf(ApiException.class)
                .hasMessage("the body has more than 300000 bytes, the most this predictor reads of a body without "
                        + "Content-Length; a POST /forecast carries at most 100000 values")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413))
                .satisfies(e -> assertThat(((ApiException) e).closesConnection()).isTrue());
        assertThat(body.closed).as("the parser leaves the stream open: closing a request stream reads it to its end")
                .isFalse();
        assertThat(body.read).isLessThan(310_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1, 2] | body: is not valid JSON of the expected shape (an array instead of an object)",
        "`\"shop/api\"` | body: is not valid JSON of the expected shape (a string instead of an object)",
        "`{\"workload\": \"shop/api\",` | body: is not valid JSON (",
        "`{\"workload\": \"shop/api\"} {}` | body: has more after the JSON object",
        "`{\"workload\": \"shop/api\", \"workload\": \"shop/cart\"}` | body: is not valid JSON (Duplicate field 'workload')",
        "`{\"workload\": 42}` | workload: must be a string, got a number",
        "`{\"horizon\": [\"30m\"]}` | horizon: must be a string, got an array",
        "`{\"history\": []}` | history: must be an object {\"start\", \"stepSeconds\", \"values\"}, got an array",
        "`{\"history\": {\"start\": \"yesterday\"}}` | history.start: cannot read 'yesterday' as an ISO-8601 instant",
        "`{\"history\": {\"start\": 0}}` | history.start: must be a string, got a number",
        "`{\"history\": {\"stepSeconds\": 300.5}}` | history.stepSeconds: must be a whole number of seconds, got a number",
        "`{\"history\": {\"stepSeconds\": \"300\"}}` | history.stepSeconds: must be a whole number of seconds, got a string",
        "`{\"history\": {\"stepSeconds\": 99999999999999999999}}` | history.stepSeconds: must be a whole number",
        "`{\"history\": {\"values\": \"1,2\"}}` | history.values: must be an array of numbers, got a string",
        "`{\"history\": {\"values\": [1, \"2\"]}}` | history.values[1]: must be a number or null for a gap, got a string",
        "`{\"history\": {\"values\": [1, [2]]}}` | history.values[1]: must be a number or null for a gap, got an array",
        "`{\"history\": {\"values\": [1, NaN]}}` | body: is not valid JSON (Non-standard token 'NaN'",
        "`{\"history\": {\"values\": [1, 2` | body: is not valid JSON (Unexpected end-of-input",
    })
    void aMalformedBodyIs400NamingTheFieldAndClosesTheConnection(String body, String detail) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(ApiException.class).hasMessageStartingWith(detail)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(((ApiException) e).closesConnection()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nested arrays 17 deep | [ | ] | 17",
        "nested objects 17 deep | {\"a\": | } | 17",
        "nested arrays 5000 deep | [ | ] | 5000",
    })
    void nestingDeeperThanTheLimitIsRefused(String name, String open, String close, int depth) {
        String body = "{\"extra\": " + open.repeat(depth - 1) + "1" + close.repeat(depth - 1) + "}";

        assertThatThrownBy(() -> read(body)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("body: is refused: Document nesting depth (17) exceeds the maximum allowed "
                        + "(16")
                .hasMessageEndingWith("(at most 16 levels of nesting, 4096 characters per string, 100 per number)");
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        String body = "{\"extra\": " + "[".repeat(15) + "1" + "]".repeat(15) + ", \"workload\": \"shop/api\"}";
        assertThat(read(body).workload()).isEqualTo("shop/api");
    }

    @Test
    void aLongStringOrNumberIsRefused() {
        assertThatThrownBy(() -> read("{\"workload\": \"" + "a".repeat(5_000) + "\"}"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("body: is refused: String value length");
        assertThatThrownBy(() -> read("{\"history\": {\"values\": [" + "9".repeat(500) + "]}}"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("body: is refused: Number value length");
    }

    private static String body(int values) {
        return "{\"workload\": \"shop/api\", " + HISTORY + "\"values\": [" + "1,".repeat(values - 1) + "1]}}";
    }

    /** {@code head}, then {@code item} forever; counts the bytes read. */
    private static final class CountingEndlessBody extends InputStream {

        private final byte[] head;
        private final byte[] item;
        long read;
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }

        CountingEndlessBody(String head, String item) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.item = item.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            long at = read++;
            return at < head.length ? head[(int) at] : item[(int) ((at - head.length) % item.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }
}
