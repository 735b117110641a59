package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ./prescient} on the jar this build packaged (Failsafe runs after {@code package};
 * {@code PRESCIENT_SKIP_BUILD=1} keeps the launcher from starting a build inside this one).
 */
class PrescientLauncherIT {

    static final Map<String, String> PACKAGED = Map.of("PRESCIENT_SKIP_BUILD", "1");

    @Test
    void listsTheTrainerCommands() throws Exception {
        LauncherRun run = launch("--help");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: prescient-trainer [-hV] [COMMAND]")
                .contains("Commands:", "  backtest ", "  train ", "  models ", "  history ", "  forecast-bench ");
    }

    @Test
    void printsTheBacktestUsageWithBothInputs() throws Exception {
        LauncherRun run = launch("backtest", "--help");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: prescient-trainer backtest ");
        // picocli wraps the synopsis where the options' length puts it: compare the words, not the lines
        assertThat(run.out().replaceAll("\\s+", " ")).contains("(--trace=<trace> | (--workload=NAMESPACE/NAME",
                "What to replay, a trace or a workload's", "--prometheus-url", "--days=<days>");
        assertThat(run.err()).doesNotContain("INFO");
    }

    @Test
    void failsOnAnUnknownCommand() throws Exception {
        LauncherRun run = launch("no-such-command");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Unmatched argument at index 0: 'no-such-command'");
    }

    static LauncherRun launch(String... args) throws Exception {
        return LauncherRun.of(LauncherRun.launcher(), Path.of("").toAbsolutePath(), PACKAGED, Duration.ofMinutes(2),
                args);
    }
}
