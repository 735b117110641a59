package dev.prescient.actuator.loop;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.TimeSeries;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demand already observed, which the policy uses as a guard beside the forecast: the newest rate and the
 * peak over the sizing window on each of the last {@code seasonalMemoryDays} days, read with the workload's
 * query from the history source (Prometheus). Without a history source the policy sizes from the forecast alone.
 */
public class ObservedDemand {

    private static final Logger LOG = Logger.getLogger(ObservedDemand.class);
    private static final int LAST_RATE_STEPS = 5;

    private final Optional<HistorySource> history;
    private final PolicySettings settings;

    public ObservedDemand(Optional<HistorySource> history, PolicySettings settings) {
        this.history = history;
        this.settings = settings;
    }

    /**
     * @param now the decision time
     * @param startupDelay the workload's start-up delay: the sizing window starts at now + startupDelay
     */
    public Observed observe(WorkloadSpec spec, Instant now, Duration startupDelay) {
        if (history.isEmpty()) {
            return Observed.none();
        }
        try {
            double lastRate = last(fetch(spec, now.minus(spec.step().multipliedBy(LAST_RATE_STEPS)), now));
            Instant windowStart = now.plus(startupDelay);
            Instant windowEnd = windowStart.plus(settings.decisionInterval());
            List<Double> peaks = new ArrayList<>();
            for (int day = 1; day <= settings.seasonalMemoryDays(); day++) {
                Duration back = Duration.ofDays(day);
                peaks.add(max(fetch(spec, windowStart.minus(back), windowEnd.minus(back))));
            }
            return new Observed(lastRate, peaks);
        } catch (RuntimeException e) {
            LOG.warnf("workload=%s cannot read observed demand (%s); deciding from the forecast alone",
                    spec.key(), e.getMessage());
            return Observed.none();
        }
    }

    private TimeSeries fetch(WorkloadSpec spec, Instant from, Instant to) {
        return history.orElseThrow().fetch(new HistoryQuery(spec.query(), from, to, spec.step())).series();
    }

    private static double last(TimeSeries s) {
        for (int i = s.size() - 1; i >= 0; i--) {
            if (!Double.isNaN(s.valueAt(i))) {
                return s.valueAt(i);
            }
        }
        return Double.NaN;
    }

    private static double max(TimeSeries s) {
        double peak = Double.NaN;
        for (int i = 0; i < s.size(); i++) {
            double v = s.valueAt(i);
            if (!Double.isNaN(v)) {
                peak = Double.isNaN(peak) ? v : Math.max(peak, v);
            }
        }
        return peak;
    }
}
