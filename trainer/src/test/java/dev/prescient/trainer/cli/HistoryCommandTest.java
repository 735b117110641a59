package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void readsAMessyExportAsItComesAndSaysWhatItDid(@TempDir Path dir) throws IOException {
        // newest first, Unix seconds, a NaN for a missing minute and one minute exported twice
        Path file = Files.writeString(dir.resolve("export.csv"), "timestamp,value\n"
                + "1627776240,14\n1627776180,NaN\n1627776120,12\n1627776120,10\n1627776060,11\n1627776000,10\n");

        Run r = run("--trace", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("native step  1m, 4 samples")
                .contains("2021-08-01T00:00:00Z .. 2021-08-01T00:05:00Z at 1m: 5 points")
                // 10, 11, the repeats' mean 11, the gap interpolated 12.5, 14
                .contains("values       min 10.00  mean 11.70  max 14.00")
                .contains("file         1 row has no value (first on line 3); read as gaps")
                .contains("file         rows are not in time order (line 4 at 2021-08-01T00:02:00Z is before"
                        + " line 2 at 2021-08-01T00:04:00Z); read sorted by time")
                .contains("file         1 row repeats an earlier row's timestamp (first: line 5 repeats line 4);"
                        + " the values of a timestamp are averaged");
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
