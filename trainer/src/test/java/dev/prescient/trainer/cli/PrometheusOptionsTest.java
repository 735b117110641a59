package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.series.prometheus.PrometheusSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class PrometheusOptionsTest {

    @TempDir
    Path tmp;

    /** Holds the mixin so picocli parses it as {@code train} would. */
    @CommandLine.Command(name = "probe")
    static class Probe {
        @CommandLine.Mixin
        PrometheusOptions options;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "--prometheus-url http://p:9090||auth=none, caFile=(JVM default)|null",
            "--prometheus-url http://p:9090|PRESCIENT_PROMETHEUS_BEARER_TOKEN=s3cr3t-token|auth=bearer(***)"
                    + "|s3cr3t-token",
            "--prometheus-url http://p:9090 --prometheus-bearer-token-file {token}||auth=bearer(***)"
                    + "|s3cr3t-file-token",
            "--prometheus-url http://p:9090 --prometheus-username ops|PRESCIENT_PROMETHEUS_PASSWORD=s3cr3t-pass"
                    + "|auth=basic(ops, ***)|s3cr3t-pass",
            "--prometheus-url http://p:9090 --prometheus-username ops --prometheus-password-file {password}"
                    + "||auth=basic(ops, ***)|s3cr3t-file-pass",
            "--prometheus-url https://p:9090 --prometheus-ca-file {ca}||caFile={ca}|null",
    })
    void buildsTheSettingsFromOptionsEnvironmentAndFiles(String args, String env, String shown, String secret)
            throws Exception {
        PrometheusSettings settings = parse(args, env).settings();

        assertThat(settings.toString()).contains(paths(shown)).doesNotContain("s3cr3t");
        assertThat(settings.bearerToken().or(settings::password).orElse(null)).isEqualTo(secret);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''||no Prometheus URL: pass --prometheus-url or set PRESCIENT_PROMETHEUS_URL, e.g. http://prometheus:9090",
            "--prometheus-url http://p:9090 --prometheus-bearer-token-file {token}"
                    + "|PRESCIENT_PROMETHEUS_BEARER_TOKEN=x|the Prometheus bearer token is set twice, in "
                    + "PRESCIENT_PROMETHEUS_BEARER_TOKEN and in --prometheus-bearer-token-file {token}; keep one",
            "--prometheus-url http://p:9090 --prometheus-username ops||--prometheus-username is set but no password: "
                    + "set PRESCIENT_PROMETHEUS_PASSWORD or --prometheus-password-file",
            "--prometheus-url http://p:9090|PRESCIENT_PROMETHEUS_PASSWORD=x|a Prometheus password is set but no "
                    + "--prometheus-username (PRESCIENT_PROMETHEUS_USERNAME)",
            "--prometheus-url http://p:9090 --prometheus-username ops|PRESCIENT_PROMETHEUS_PASSWORD=x,"
                    + "PRESCIENT_PROMETHEUS_BEARER_TOKEN=y|give Prometheus either a bearer token or a username and "
                    + "password, not both",
            "--prometheus-url http://p:9090 --prometheus-ca-file {missing}||--prometheus-ca-file "
                    + "(PRESCIENT_PROMETHEUS_CA_FILE) {missing} is not a readable file",
            "--prometheus-url http://p:9090 --prometheus-bearer-token-file {empty}||--prometheus-bearer-token-file "
                    + "{empty} is empty; it must hold the bearer token",
            "--prometheus-url ftp://p||prescient.prometheus.url must be an http(s) URL such as "
                    + "http://prometheus:9090, got 'ftp://p'",
    })
    void refusesMissingContradictoryOrUnreadableSettingsNamingThem(String args, String env, String message)
            throws Exception {
        PrometheusOptions options = parse(args, env);

        assertThatThrownBy(options::settings).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(paths(message));
    }

    @Test
    void theHelpNeverOffersASecretAsAnOptionValue() {
        String help = new CommandLine(new Probe()).getUsageMessage();

        assertThat(help).contains("--prometheus-bearer-token-file", "--prometheus-password-file",
                "--prometheus-ca-file").doesNotContain("--prometheus-bearer-token=", "--prometheus-password=",
                "--prometheus-bearer-token ", "--prometheus-password ");
    }

    private PrometheusOptions parse(String args, String env) throws Exception {
        Files.writeString(tmp.resolve("token"), "s3cr3t-file-token\n");
        Files.writeString(tmp.resolve("password"), "s3cr3t-file-pass\n");
        Files.writeString(tmp.resolve("ca.pem"), "pem");
        Files.writeString(tmp.resolve("empty"), "\n");
        Map<String, String> variables = new HashMap<>();
        if (env != null) {
            for (String pair : env.split(",")) {
                variables.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        Probe probe = new Probe();
        String line = paths(args).strip();
        new CommandLine(probe).parseArgs(line.isEmpty() ? new String[0] : line.split(" "));
        probe.options.useEnvironment(variables::get);
        return probe.options;
    }

    private String paths(String text) {
        return text.replace("{token}", tmp.resolve("token").toString())
                .replace("{password}", tmp.resolve("password").toString())
                .replace("{ca}", tmp.resolve("ca.pem").toString())
                .replace("{empty}", tmp.resolve("empty").toString())
                .replace("{missing}", tmp.resolve("missing.pem").toString());
    }
}
