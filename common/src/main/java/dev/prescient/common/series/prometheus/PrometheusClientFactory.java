package dev.prescient.common.series.prometheus;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link PrometheusApi} REST client from {@link PrometheusSettings}: base URL, timeouts,
 * auth header and trusted CA. Must run inside a Quarkus application (the REST client needs its
 * container), which includes {@code @QuarkusTest}.
 */
public final class PrometheusClientFactory {

    private PrometheusClientFactory() {
    }

    /**
     * @throws IllegalArgumentException when the CA file cannot be read, naming the file and the key
     */
    public static PrometheusApi create(PrometheusSettings settings) {
        long timeoutMs = settings.timeout().toMillis();
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.url())
                .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        PrometheusAuthFilter.forSettings(settings).ifPresent(builder::register);
        settings.caFile().ifPresent(pem -> builder.trustStore(trustStore(pem)));
        return builder.build(PrometheusApi.class);
    }

    /** A trust store holding every certificate of a PEM file. */
    static KeyStore trustStore(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("prescient.prometheus.ca-file " + pem
                        + " holds no certificate; give a PEM file with the CA certificate(s)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read prescient.prometheus.ca-file " + pem + ": " + e.getMessage()
                    + "; give a readable PEM file with the CA certificate(s)", e);
        }
    }
}
