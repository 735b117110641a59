package dev.prescient.common.series.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.prescient.common.series.prometheus.MatrixJson.matrix;
import static dev.prescient.common.series.prometheus.MatrixJson.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https with a self-signed certificate made by the JDK's keytool for localhost: trusted through
 * prescient.prometheus.ca-file, refused (and not retried) without it.
 */
@QuarkusTest
class PrometheusTlsTest {

    private static final Instant FROM = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final HistoryQuery QUERY = new HistoryQuery("up", FROM, FROM.plus(MINUTE.multipliedBy(2)), MINUTE);
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path caPem;
    private static WireMockServer wireMock;

    @BeforeAll
    static void startHttpsWireMock() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "prometheus", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "prometheus", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", caPem.toString());
        wireMock = new WireMockServer(WireMockConfiguration.options().httpDisabled(true).httpsPort(0)
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
        wireMock.start();
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/query_range"))
                .willReturn(okJson(matrix(series(Map.of(), FROM, MINUTE, "7", "8")))));
    }

    @AfterAll
    static void stopWireMock() {
        if (wireMock != null) {
            wireMock.stop();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static PrometheusSettings settings() {
        return PrometheusSettings.of(URI.create("https://localhost:" + wireMock.httpsPort()))
                .withTimeout(Duration.ofSeconds(5)).withRetries(2, Duration.ofMillis(1));
    }

    @Test
    void trustsTheServerCertificateThroughTheCaFile() {
        try (PrometheusHistorySource source = PrometheusHistorySource.create(settings().withCaFile(caPem))) {
            assertThat(source.fetch(QUERY).series().values()).containsExactly(7, 8);
        }
    }

    @Test
    void failsWithoutRetryingWhenTheCertificateIsNotTrusted() {
        HistoryException e;
        try (PrometheusHistorySource source = PrometheusHistorySource.create(settings())) {
            e = catchThrowableOfType(HistoryException.class, () -> source.fetch(QUERY));
        }

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessageStartingWith("TLS handshake with Prometheus at https://localhost:" + wireMock.httpsPort()
                + "/api/v1/query_range failed for " + QUERY + ": ");
        assertThat(e).hasMessageEndingWith("; set prescient.prometheus.ca-file to the PEM file of the CA that signed "
                + "its certificate");
    }

    @Test
    void namesTheCaFileKeyWhenTheFileHoldsNoCertificate() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThatThrownBy(() -> PrometheusHistorySource.create(settings().withCaFile(notPem)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read prescient.prometheus.ca-file " + notPem + ": ")
                .hasMessageEndingWith("; give a readable PEM file with the CA certificate(s)");
    }
}
