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
import java.util.Optional;

/**
 * The demand already observed, which the policy uses as a guard beside the forecast: the newest rate and the
 * peak over the sizing window on each of the last {@code seasonalMemoryDays} days (scaled to today's level when
 * the policy says so), read in one query with the workload's query from the history source (Prometheus) and
 * turned into the policy's input by the same {@link dev.prescient.common.policy.ObservedDemand} the backtest
 * uses. Without a history source the policy sizes from the forecast alone.
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
            // One query covering every figure the shared builder reads: the remembered days' windows and levels.
            Duration reach = Duration.ofDays(settings.seasonalMemoryDays())
                    .plus(settings.memoryLevelWindow())
                    .plus(spec.step().multipliedBy(LAST_RATE_STEPS));
            Instant from = now.minus(reach);
            TimeSeries demand = history.orElseThrow()
                    .fetch(new HistoryQuery(spec.query(), from, now, spec.step())).series();
            return dev.prescient.common.policy.ObservedDemand.from(demand, now, startupDelay, settings);
        } catch (RuntimeException e) {
            LOG.warnf("workload=%s cannot read observed demand (%s); deciding from the forecast alone",
                    spec.key(), e.getMessage());
            return Observed.none();
        }
    }
}
