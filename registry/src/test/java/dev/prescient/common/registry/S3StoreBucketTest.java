package dev.prescient.common.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bucket check when another process creates the bucket between {@code HEAD} (404) and {@code PUT}: what S3
 * answers then (WireMock plays it; no real server lets a test place a call in that gap on purpose).
 */
class S3StoreBucketTest {

    private WireMockServer s3;

    @BeforeEach
    void start() {
        s3 = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        s3.start();
        s3.stubFor(head(urlPathEqualTo("/models")).willReturn(aResponse().withStatus(404)));
        s3.stubFor(put(urlMatching("/models\\?versioning.*")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BucketAlreadyOwnedByYou|",
            "BucketAlreadyExists|cannot create bucket s3://models/ at %s: S3 answered BucketAlreadyExists taken;"
                    + " check the bucket name, region and the credentials' permissions",
    })
    void aBucketCreatedByAnotherOfOurProcessesMeanwhileIsUsedAndOneOwnedByOthersIsRefused(String code,
                                                                                         String error) {
        s3.stubFor(put(urlEqualTo("/models")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>taken"
                        + "</Message><BucketName>models</BucketName><RequestId>1</RequestId><HostId>h</HostId>"
                        + "</Error>")));
        S3Store store = new S3Store(new RegistrySettings(URI.create(s3.baseUrl()), "models", "", "a", "s", null,
                Duration.ofSeconds(2)));

        if (error == null) {
            store.ensureBucket();
            assertThat(s3.findAll(putRequestedFor(urlMatching("/models\\?versioning.*")))).as("versioning still set")
                    .hasSize(1);
        } else {
            assertThatThrownBy(store::ensureBucket).isInstanceOf(RegistryException.class)
                    .hasMessage(error.formatted(URI.create(s3.baseUrl())));
            assertThat(s3.findAll(putRequestedFor(urlMatching("/models\\?versioning.*")))).isEmpty();
        }
    }
}
