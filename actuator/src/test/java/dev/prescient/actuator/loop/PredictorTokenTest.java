package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code prescient.actuator.predictor.token-file} set, every {@code GET /forecast} carries the predictor's
 * bearer token (the file's content without its trailing newline); a token file that cannot be used stops the
 * start naming the key; without the key no header is sent.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
@TestProfile(PredictorTokenTest.WithToken.class)
class PredictorTokenTest {

    static final String TOKEN = "actuator-test-token";

    /** A token file like the mounted Secret's. */
    public static class WithToken implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("predictor-token-", "");
                file.toFile().deleteOnExit();
                Files.writeString(file, TOKEN + "\n");
                return Map.of("prescient.actuator.predictor.token-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    @RestClient
    PredictorApi predictor;
    @FakePredictor.Inject
    WireMockServer wiremock;

    @Test
    void everyForecastRequestCarriesTheBearerToken() {
        WorkloadSpec spec = Fixtures.spec("auth", "api", ScalingMode.REPLICAS, 1, 10);
        new Fixtures(client, wiremock, json).answer(spec, Fixtures.flat(spec, Fixtures.now(), 100, "model"));

        assertThat(predictor.forecast(spec.key()).workload()).isEqualTo(spec.key());

        wiremock.verify(getRequestedFor(urlPathEqualTo("/forecast"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void withoutATokenFileNoHeaderIsSentAndABadFileStopsTheStart() throws IOException {
        assertThat(new PredictorToken(Optional.empty()).update(new MultivaluedHashMap<>(), new MultivaluedHashMap<>()))
                .isEmpty();
        Path missing = Path.of("/nonexistent/predictor-token");
        assertThatThrownBy(() -> new PredictorToken(Optional.of(missing))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prescient.actuator.predictor.token-file (PRESCIENT_ACTUATOR_PREDICTOR_TOKEN_FILE) "
                        + missing + " cannot be read (NoSuchFileException); mount the predictor token's Secret there "
                        + "or unset the key");
        Path empty = Files.createTempFile("empty-token-", "");
        empty.toFile().deleteOnExit();
        assertThatThrownBy(() -> new PredictorToken(Optional.of(empty))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" is empty; put the predictor's token in it");
    }
}
