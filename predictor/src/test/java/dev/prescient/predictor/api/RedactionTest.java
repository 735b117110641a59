package dev.prescient.predictor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the API shows of messages that name the registry, Prometheus or a query. */
class RedactionTest {

    private static final Redaction REDACTION = new Redaction(Optional.of("https://minio.storage.svc:9000/"),
            "prescient-models", Optional.of("http://prometheus-operated.monitoring.svc:9090"),
            List.of("sum(rate(http_requests_total{app=\"api\"}[5m]))", "up"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`cannot list s3://prescient-models/models/shop/api/ at https://minio.storage.svc:9000: Failed to connect to "
                + "minio.storage.svc/10.0.0.7:9000`"
                + "| `cannot list s3://<bucket>/models/shop/api/ at <s3-endpoint>: Failed to connect to "
                + "<host>/10.0.0.7:9000`",
        "`cannot fetch 'sum(rate(http_requests_total{app=\"api\"}[5m]))' over [a, b) from Prometheus at "
                + "http://prometheus-operated.monitoring.svc:9090: Connection refused`"
                + "| `cannot fetch '<query>' over [a, b) from Prometheus at <prometheus>: Connection refused`",
        "`minio.storage.svc:9000 timed out` | `<s3-endpoint> timed out`",
        "`history of 'up' is empty; the startup was quick` | `history of '<query>' is empty; the startup was quick`",
        "`bucket prescient-models-archive and prescient-models2` | `bucket <bucket>-archive and prescient-models2`",
        "`cannot load model shop/api v20261127-041200-3fa9c2: sha256 mismatch`"
                + "| `cannot load model shop/api v20261127-041200-3fa9c2: sha256 mismatch`",
    })
    void replacesAddressesBucketAndQueriesKeepingTheRest(String text, String shown) {
        assertThat(REDACTION.apply(text)).isEqualTo(shown);
    }

    @Test
    void withoutARegistryTheBucketNameIsNoSecretAndNullStaysNull() {
        Redaction noRegistry = new Redaction(Optional.empty(), "prescient-models", Optional.empty(), List.of());
        assertThat(noRegistry.apply("prescient-models")).isEqualTo("prescient-models");
        assertThat(noRegistry.apply(null)).isNull();
    }

    @Test
    void aQueryOfAWorkloadThatJoinsTheCatalogueLaterIsHiddenAndOneThatLeftIsNot() {
        List<String> queries = new CopyOnWriteArrayList<>(List.of("up"));
        Redaction redaction = new Redaction(Optional.empty(), "b", Optional.empty(), () -> List.copyOf(queries));
        assertThat(redaction.apply("'rps{app=\"new\"}' and 'up' failed"))
                .isEqualTo("'rps{app=\"new\"}' and '<query>' failed");

        queries.add("rps{app=\"new\"}");
        queries.remove("up");

        assertThat(redaction.apply("'rps{app=\"new\"}' and 'up' failed")).isEqualTo("'<query>' and 'up' failed");
    }
}
