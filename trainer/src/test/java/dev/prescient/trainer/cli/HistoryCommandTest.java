package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class HistoryCommandTest {

    private static final Path TRACES = Path.of(System.getProperty("prescient.traces.dir", "../data/traces"));

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new HistoryCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void summarisesARealTraceAtItsNativeStep() {
        Run r = run("--trace", TRACES.resolve("twitter-2021-08-per-minute.csv").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("native step  1m, 31651 samples")
                .contains("2021-08-01T00:00:00Z .. 2021-08-22T23:31:00Z at 1m: 31651 points")
                .contains("0 steps left as gaps");
    }

    @Test
    void resamplesAFiveMinuteTraceToOneMinute() {
        Run r = run("--trace", TRACES.resolve("nab-Twitter_volume_AAPL.csv").toString(), "--step", "1m");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("native step  5m, 15902 samples").contains("steps interpolated");
    }

    @Test
    void namesAMissingFile() {
        Run r = run("--trace", "/nonexistent/trace.csv");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("/nonexistent/trace.csv");
    }

    @Test
    void rejectsABadStepNamingIt() {
        Run r = run("--trace", "x.csv", "--step", "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("soon");
    }
}
