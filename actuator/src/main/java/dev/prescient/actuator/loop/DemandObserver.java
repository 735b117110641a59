package dev.prescient.actuator.loop;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.TimeSeries;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the demand already observed, which the policy uses as a guard beside the forecast, in one query with the
 * workload's query from the history source (Prometheus), and turns it into the policy's input with the same
 * {@link ObservedDemand} the backtest uses. The query reaches back {@link ObservedDemand#MAX_MEMORY_DAYS} days plus
 * the level window plus one step — exactly the span the backtest hands {@link ObservedDemand} (at a 1-minute step,
 * 10,086 points), read once and then kept: later ticks ask only for the newest minutes ({@link DemandHistory}).
 * Without a history source the policy sizes from the forecast alone.
 */
public class DemandObserver {

    private static final Logger LOG = Logger.getLogger(DemandObserver.class);

    private final Optional<DemandHistory> history;
    private final PolicySettings settings;

    public DemandObserver(Optional<HistorySource> history, PolicySettings settings) {
        this.history = history.map(DemandHistory::new);
        this.settings = settings;
    }

    /** How far back the query reaches at a step of {@code step}. */
    public Duration reach(Duration step) {
        return Duration.ofDays(ObservedDemand.MAX_MEMORY_DAYS).plus(settings.memoryLevelWindow()).plus(step);
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
            TimeSeries demand = history.get().series(spec, now.minus(reach(spec.step())), now);
            return ObservedDemand.from(demand, now, startupDelay, settings);
        } catch (RuntimeException e) {
            LOG.warnf("workload=%s cannot read observed demand (%s); deciding from the forecast alone",
                    spec.key(), e.getMessage());
            return Observed.none();
        }
    }
}
