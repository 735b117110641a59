package dev.prescient.common.registry;

import io.minio.http.HttpUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import okhttp3.OkHttpClient;

/**
 * The HTTP client of an https endpoint whose certificate a private CA signed: MinIO's default client
 * with a trust manager holding only the certificates of the PEM file (MinIO's
 * {@link HttpUtils#enableExternalCertificates}).
 */
final class S3Tls {

    private S3Tls() {
    }

    /**
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no certificate
     */
    static OkHttpClient trusting(Path caFile, long timeoutMillis) {
        if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
            throw invalid(caFile, "no such readable file");
        }
        OkHttpClient base = HttpUtils.newDefaultHttpClient(timeoutMillis, timeoutMillis, timeoutMillis);
        try {
            return HttpUtils.enableExternalCertificates(base, caFile.toString());
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw invalid(caFile, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(Path caFile, String why) {
        return new IllegalArgumentException("cannot use the S3 CA file " + caFile + ": " + why
                + "; give a readable PEM file with the certificate(s) of the CA that signed the S3 endpoint's"
                + " certificate");
    }
}
