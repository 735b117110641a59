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
            if (c.outage() != null) {
                TimeSeries down = c.outage().applyTo(s);
                long gap = down.gapCount() - s.gapCount();
                assertThat(gap).as("%s: minutes the outage takes out", c.name()).isEqualTo(c.outage().length().toMinutes());
                assertThat(down.isGap((int) down.indexOf(c.outage().from()))).isTrue();
                assertThat(down.isGap((int) down.indexOf(c.outage().from()) - 1)).isFalse();
                assertThat(down.isGap((int) down.indexOf(c.outage().from().plus(c.outage().length())))).isFalse();
            }
            if (c.thinTo() != null) {
                double[] t = PoissonThinning.thin(s, c.thinTo(), 42, 1, c.visitSize()).values();
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
        assertThat(names).contains("twitter", "twitter-thin40", "nab-aapl", "nyc-taxi", "nyc-taxi-thin10",
                "nyc-taxi-web41");
    }

    @Test
    void theWebLogCaseIsNoisierThanPoissonAsAServersLogIs() {
        GeneralizationCommand.Case web = GeneralizationCommand.cases().stream()
                .filter(c -> c.name().equals("nyc-taxi-web41")).findFirst().orElseThrow();
        TimeSeries s = BacktestInput.readTrace(TRACES.resolve(web.file()), web.from(), web.to());
        // minute-to-minute differences cancel the daily cycle: their variance is twice a minute's counting noise,
        // 2 × mean for Poisson, 2 × (2K − 1) × mean with visits of K
        double poisson = halfSquaredDifferencePerMean(PoissonThinning.thin(s, web.thinTo(), 42, 1, 1).values());
        double visits = halfSquaredDifferencePerMean(PoissonThinning.thin(s, web.thinTo(), 42, 1, web.visitSize()).values());
        assertThat(poisson).isCloseTo(1, within(0.1));
        assertThat(visits).isCloseTo(2 * web.visitSize() - 1, within(0.1 * (2 * web.visitSize() - 1)));
    }

    private static double halfSquaredDifferencePerMean(double[] t) {
        double sq = 0;
        double sum = 0;
        int n = 0;
        for (int i = 1; i < t.length; i++) {
            if (!Double.isNaN(t[i]) && !Double.isNaN(t[i - 1])) {
                sq += (t[i] - t[i - 1]) * (t[i] - t[i - 1]) / 2;
                sum += t[i];
                n++;
            }
        }
        return sq / sum;
    }
}
