package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.PoissonThinning;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The generalization set reads what it says: every case's trace is shipped and covers its window with more than its
 * history, names are unique, and a thinned case is the small service it claims (its mean a minute near the target,
 * whole counts).
 */
class GeneralizationCasesTest {

    private static final Path TRACES = Path.of(System.getProperty("prescient.traces.dir", "../data/traces"));

    @Test
    void everyCaseReadsItsWindowAndAThinnedCaseIsASmallService() {
        List<GeneralizationCommand.Case> cases = GeneralizationCommand.cases();
        Set<String> names = new HashSet<>();
        for (GeneralizationCommand.Case c : cases) {
            assertThat(names.add(c.name())).as("unique name %s", c.name()).isTrue();
            TimeSeries s = BacktestInput.readTrace(TRACES.resolve(c.file()), c.from(), c.to());
            assertThat(s.size()).as("%s: minutes read", c.name()).isGreaterThan(c.historyDays() * 1440 + 1440);
            if (c.thinTo() != null) {
                double[] t = PoissonThinning.thin(s, c.thinTo(), 42).values();
                double sum = 0;
                int known = 0;
                for (double v : t) {
                    if (!Double.isNaN(v)) {
                        assertThat(v).as("%s: a whole count", c.name()).isEqualTo(Math.rint(v));
                        sum += v;
                        known++;
                    }
                }
                assertThat(sum / known).as("%s: mean a minute", c.name()).isCloseTo(c.thinTo(), within(0.05 * c.thinTo()));
            }
        }
        assertThat(names).contains("twitter", "twitter-thin40", "nab-aapl", "nyc-taxi", "nyc-taxi-thin10");
    }
}
