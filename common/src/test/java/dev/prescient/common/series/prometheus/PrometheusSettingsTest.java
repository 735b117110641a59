package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.series.GapPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusSettingsTest {

    private static final URI URL = URI.create("http://prometheus:9090");

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("ftp url", (Supplier<?>) () -> PrometheusSettings.of(URI.create("ftp://prometheus")),
                        "prescient.prometheus.url must be an http(s) URL such as http://prometheus:9090, "
                                + "got 'ftp://prometheus'"),
                Arguments.of("relative url", (Supplier<?>) () -> PrometheusSettings.of(URI.create("prometheus:9090")),
                        "prescient.prometheus.url must be an http(s) URL such as http://prometheus:9090, "
                                + "got 'prometheus:9090'"),
                Arguments.of("credentials in url",
                        (Supplier<?>) () -> PrometheusSettings.of(URI.create("http://bob:hunter2@prometheus:9090")),
                        "prescient.prometheus.url must not contain credentials (http://***@prometheus:9090); "
                                + "set prescient.prometheus.username and password instead"),
                Arguments.of("bearer and basic",
                        (Supplier<?>) () -> PrometheusSettings.of(URL).withBearerToken("t").withBasicAuth("u", "p"),
                        "set either prescient.prometheus.bearer-token or prescient.prometheus.username/password, "
                                + "not both"),
                Arguments.of("username only", (Supplier<?>) () -> new PrometheusSettings(URL, Optional.empty(),
                                Optional.of("bob"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1), 0,
                                Duration.ZERO, MultipleSeriesPolicy.SUM, GapPolicy.defaults()),
                        "prescient.prometheus.username and prescient.prometheus.password must be set together; "
                                + "only username is set"),
                Arguments.of("zero timeout", (Supplier<?>) () -> PrometheusSettings.of(URL).withTimeout(Duration.ZERO),
                        "prescient.prometheus.timeout must be positive, got PT0S"),
                Arguments.of("negative retries",
                        (Supplier<?>) () -> PrometheusSettings.of(URL).withRetries(-1, Duration.ZERO),
                        "prescient.prometheus.retries must be zero or more, got -1"),
                Arguments.of("negative backoff",
                        (Supplier<?>) () -> PrometheusSettings.of(URL).withRetries(1, Duration.ofMillis(-1)),
                        "prescient.prometheus.backoff must not be negative, got PT-0.001S"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsContradictoryOrInvalidSettingsNamingTheKey(String name, Supplier<?> settings, String message) {
        assertThatThrownBy(settings::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void toStringNeverShowsTheTokenOrThePassword() {
        String bearer = PrometheusSettings.of(URL).withBearerToken("t0ken-value").toString();
        String basic = PrometheusSettings.of(URL).withBasicAuth("bob", "hunter2").toString();

        assertThat(bearer).contains("auth=bearer(***)").doesNotContain("t0ken-value");
        assertThat(basic).contains("auth=basic(bob, ***)").doesNotContain("hunter2");
    }

    @Test
    void queryRangeUrlKeepsAPathPrefix() {
        assertThat(PrometheusSettings.of(URI.create("https://gw.example/prometheus/")).queryRangeUrl())
                .isEqualTo("https://gw.example/prometheus/api/v1/query_range");
        assertThat(PrometheusSettings.of(URL).queryRangeUrl()).isEqualTo("http://prometheus:9090/api/v1/query_range");
    }
}
