package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--workload shop/nope --prometheus-url http://p:9090 --s3-endpoint http://s3:9000"
                    + "|train: no workload 'shop/nope' in the configuration; known workloads: shop/api",
            "--prometheus-url http://p:9090|train: no S3 endpoint: pass --s3-endpoint or set PRESCIENT_S3_ENDPOINT",
            "--s3-endpoint http://s3:9000|train: no Prometheus URL: pass --prometheus-url or set PRESCIENT_PROMETHEUS_URL",
    })
    void refusesBadSettingsWithExitTwoBeforeTraining(String args, String message) throws Exception {
        Path config = Files.writeString(tmp.resolve("workloads.yaml"), """
                workloads:
                  - name: api
                    namespace: shop
                    target: {kind: Deployment, name: api}
                    query: sum(rate(http_requests_total[5m]))
                    capacityPerPod: 10
                    minReplicas: 1
                    maxReplicas: 5
                    mode: dry-run
                """);
        TrainCommand train = new TrainCommand();
        train.historySources = settings -> {
            throw new AssertionError("must not open Prometheus");
        };
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(train);
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute(("--config " + config + " " + args).split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith(message);
    }
}
