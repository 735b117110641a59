package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keys as Quarkus reads them (same converters), without starting Quarkus. */
class PrometheusConfigTest {

    private static PrometheusConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PrometheusConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(PrometheusConfig.class);
    }

    @Test
    void appliesDefaultsWhenOnlyTheUrlIsSet() {
        PrometheusSettings settings = config(Map.of("prescient.prometheus.url", "http://prometheus:9090")).toSettings();

        assertThat(settings.url()).isEqualTo(URI.create("http://prometheus:9090"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.backoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.onMultipleSeries()).isEqualTo(MultipleSeriesPolicy.SUM);
        assertThat(settings.gaps().maxInterpolatedGap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.bearerToken()).isEmpty();
        assertThat(settings.caFile()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        PrometheusSettings settings = config(Map.of(
                "prescient.prometheus.url", "https://prometheus:9090/prefix",
                "prescient.prometheus.username", "bob",
                "prescient.prometheus.password", "hunter2",
                "prescient.prometheus.ca-file", "/etc/prescient/ca.pem",
                "prescient.prometheus.timeout", "10s",
                "prescient.prometheus.retries", "5",
                "prescient.prometheus.backoff", "250ms",
                "prescient.prometheus.on-multiple-series", "error",
                "prescient.prometheus.max-interpolated-gap", "10m")).toSettings();

        assertThat(settings.username()).contains("bob");
        assertThat(settings.password()).contains("hunter2");
        assertThat(settings.caFile()).isEqualTo(Optional.of(Path.of("/etc/prescient/ca.pem")));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retries()).isEqualTo(5);
        assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.onMultipleSeries()).isEqualTo(MultipleSeriesPolicy.ERROR);
        assertThat(settings.gaps().maxInterpolatedGap()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void namesTheUrlKeyWhenItIsMissing() {
        PrometheusConfig config = config(Map.of());

        assertThatThrownBy(config::toSettings).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "prescient.prometheus.url is not set; set it to the Prometheus server root, e.g. http://prometheus:9090");
    }

    @Test
    void doesNotEchoAnInvalidUrlThatMayHoldAPassword() {
        PrometheusConfig config = config(Map.of("prescient.prometheus.url", "http://bob:hunter 2@prometheus"));

        assertThatThrownBy(config::toSettings).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prescient.prometheus.url is not a valid URL: Illegal character in authority at index 7");
    }
}
