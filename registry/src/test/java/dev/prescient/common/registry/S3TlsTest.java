package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading the CA file of an https S3 endpoint; no server is contacted. */
class S3TlsTest {

    @TempDir
    Path tmp;

    @Test
    void trustsExactlyTheCertificatesOfTheCaFile() throws Exception {
        SelfSignedCertificate ca = SelfSignedCertificate.create(tmp, "registry-ca");

        OkHttpClient client = S3Tls.trusting(ca.pem(), 5_000);

        X509Certificate[] trusted = client.x509TrustManager().getAcceptedIssuers();
        assertThat(Arrays.stream(trusted).map(c -> c.getSubjectX500Principal().getName())).containsExactly(
                "CN=127.0.0.1");
        assertThat(client.connectTimeoutMillis()).isEqualTo(5_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "missing.pem|", "empty.pem|''", "garbage.pem|not a certificate at all",
            "key.pem|-----BEGIN PRIVATE KEY-----\\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\\n-----END PRIVATE KEY-----",
    })
    void aMissingOrInvalidCaFileIsRefusedNamingTheFile(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        if (content != null) {
            Files.writeString(file, content.replace("\\n", "\n"));
        }

        assertThatThrownBy(() -> new S3ModelRegistry(settings().withCaFile(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the S3 CA file " + file + ": ")
                .hasMessageEndingWith("; give a readable PEM file with the certificate(s) of the CA that signed the"
                        + " S3 endpoint's certificate");
    }

    private static RegistrySettings settings() {
        return new RegistrySettings(URI.create("https://127.0.0.1:9"), "models", "", "a", "s", null,
                Duration.ofSeconds(1));
    }
}
