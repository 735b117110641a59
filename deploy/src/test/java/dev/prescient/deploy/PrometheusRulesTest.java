package dev.prescient.deploy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped recording rules and alerts pass {@code promtool check rules} and their unit tests. */
class PrometheusRulesTest {

    private static final Path DIR = Rendered.repoRoot().resolve("monitoring/prometheus");

    @Test
    void rulesAreValid() throws Exception {
        String out = promtool("check", "rules", "prescient-rules.yml");
        assertThat(out).contains("SUCCESS").contains("13 rules found");
    }

    @Test
    void everyRuleBehavesAsItsUnitTestsSay() throws Exception {
        assertThat(promtool("test", "rules", "prescient-rules-test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run promtool: install Prometheus (`apt-get install prometheus`)", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s said:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
