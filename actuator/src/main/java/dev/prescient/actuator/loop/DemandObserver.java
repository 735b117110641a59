package dev.prescient.actuator.loop;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.burst.BurstSettings;
import dev.prescient.common.policy.burst.RecurringBurstModel;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.TimeSeries;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demand already observed, which the policy uses as a guard beside the forecast: the newest rate and the
 * peak over the sizing window on each of the last {@code seasonalMemoryDays} days (scaled to today's level when
 * the policy says so), read in one query with the workload's query from the history source (Prometheus) and
 * turned into the policy's input by the same {@link dev.prescient.common.policy.ObservedDemand} the backtest
 * uses. Without a history source the policy sizes from the forecast alone.
 *
 * <p>With the recurring-burst cover on, the same query reaches back over the burst model's history too; each
 * workload's model is learnt from it at the first decision and again every 24 hours, as the backtest does.
 */
public class ObservedDemand {

    private static final Logger LOG = Logger.getLogger(ObservedDemand.class);
    private static final int LAST_RATE_STEPS = 5;

    private final Optional<HistorySource> history;
    private final PolicySettings settings;
    private final Map<String, FittedBursts> bursts = new ConcurrentHashMap<>();

    /** A workload's burst model (empty when its history shows none) and when it was learnt. */
    private record FittedBursts(Optional<RecurringBurstModel> model, Instant at) {
    }

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
            Duration days = Duration.ofDays(settings.seasonalMemoryDays());
            Duration burstHistory = settings.bursts().map(BurstSettings::history).orElse(Duration.ZERO)
                    .plus(Duration.ofHours(1));
            Duration reach = (burstHistory.compareTo(days) > 0 ? burstHistory : days)
                    .plus(settings.memoryLevelWindow())
                    .plus(spec.step().multipliedBy(LAST_RATE_STEPS));
            Instant from = now.minus(reach);
            TimeSeries demand = history.orElseThrow()
                    .fetch(new HistoryQuery(spec.query(), from, now, spec.step())).series();
            return dev.prescient.common.policy.ObservedDemand.from(demand, now, startupDelay, settings,
                    burstModel(spec, demand, now));
        } catch (RuntimeException e) {
            LOG.warnf("workload=%s cannot read observed demand (%s); deciding from the forecast alone",
                    spec.key(), e.getMessage());
            return Observed.none();
        }
    }

    /** The workload's burst model, learnt from the last {@code history} of demand when none is younger than a day. */
    private Optional<RecurringBurstModel> burstModel(WorkloadSpec spec, TimeSeries demand, Instant now) {
        if (settings.bursts().isEmpty()) {
            return Optional.empty();
        }
        BurstSettings b = settings.bursts().get();
        FittedBursts fitted = bursts.get(spec.key());
        if (fitted == null || !now.isBefore(fitted.at().plus(Duration.ofDays(1)))) {
            Optional<RecurringBurstModel> model = RecurringBurstModel.fit(demand.between(now.minus(b.history()), now), b);
            LOG.infof("workload=%s recurring bursts learnt from %s of demand: %s", spec.key(), b.history(),
                    model.map(Object::toString).orElse("none"));
            fitted = new FittedBursts(model, now);
            bursts.put(spec.key(), fitted);
        }
        return fitted.model();
    }
}
