package dev.prescient.trainer.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.registry.RegistrySettings;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RegistryOptionsTest {

    static final Map<String, String> CREDENTIALS = Map.of("PRESCIENT_S3_ACCESS_KEY", "a",
            "PRESCIENT_S3_SECRET_KEY", "s3cr3t");

    @CommandLine.Command(name = "probe")
    static class Probe {
        @CommandLine.Mixin
        RegistryOptions options;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "--s3-endpoint http://minio:9000|http://minio:9000|null",
            "--s3-endpoint https://s3.eu-west-1.amazonaws.com|https://s3.eu-west-1.amazonaws.com|null",
            "--s3-endpoint minio:9000|http://minio:9000|null",
            "--s3-endpoint minio:9000 --s3-secure|https://minio:9000|null",
            "--s3-endpoint minio:9000 --s3-secure=true --s3-ca-file /etc/s3/ca.pem|https://minio:9000|/etc/s3/ca.pem",
            "--s3-endpoint https://minio:9000 --s3-ca-file /etc/s3/ca.pem|https://minio:9000|/etc/s3/ca.pem",
    })
    void theEndpointSchemeFollowsTheSecureFlagAndTheCaFileIsPassedOn(String args, String endpoint, String ca) {
        RegistrySettings settings = parse(args).settings();

        assertThat(settings.endpoint()).hasToString(endpoint);
        assertThat(settings.caFile() == null ? null : settings.caFile().toString()).isEqualTo(ca);
        assertThat(settings.toString()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--s3-endpoint http://minio:9000 --s3-secure|--s3-endpoint http://minio:9000 is http but --s3-secure "
                    + "(PRESCIENT_S3_SECURE) asks for https; give an https endpoint or drop --s3-secure",
            "--s3-endpoint ftp://minio|--s3-endpoint 'ftp://minio' is not an http(s) URL with a host, e.g. "
                    + "https://minio:9000",
            "--s3-endpoint http://minio:9000 --s3-ca-file /ca.pem|the S3 CA file /ca.pem is set but the endpoint "
                    + "http://minio:9000 is not https; use an https endpoint or drop the CA file",
    })
    void refusesContradictoryTlsSettingsNamingThem(String args, String message) {
        RegistryOptions options = parse(args);

        assertThatThrownBy(options::settings).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static RegistryOptions parse(String args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args.split(" "));
        probe.options.useEnvironment(CREDENTIALS::get);
        return probe.options;
    }
}
