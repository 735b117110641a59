package dev.prescient.trainer.backtest;

import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.ScalingPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prescient policy over every segment of a backtest: one fresh {@link PrescientController} per segment (a
 * segment starts without memory, as an actuator would after the gap), and their decisions, demotions and judged
 * accuracy gathered for the report.
 */
final class PrescientRun {

    private final Instant minuteZero;
    private final Scenario scenario;
    private final BacktestOptions options;
    private final Map<String, ForecastTrack> tracks;
    private final Map<Integer, Sizing> sizings;
    private final List<PrescientController> controllers = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();

    /** @param sizings the sizing learnt at each refit of every segment, by refit minute */
    PrescientRun(Instant minuteZero, Scenario scenario, BacktestOptions options, Map<String, ForecastTrack> tracks,
                 Map<Integer, Sizing> sizings) {
        this.minuteZero = minuteZero;
        this.scenario = scenario;
        this.options = options;
        this.tracks = tracks;
        this.sizings = sizings;
    }

    /** The controller of {@code segment}, remembered for the report. */
    PrescientController forSegment(Segment segment) {
        PrescientController pc = controller(minuteZero, scenario, options, tracks, sizings, segment);
        controllers.add(pc);
        segments.add(segment);
        return pc;
    }

    List<TimedDecision> decisions() {
        List<TimedDecision> all = new ArrayList<>();
        controllers.forEach(c -> all.addAll(c.decisions()));
        return all;
    }

    List<DemotionInterval> demotions() {
        List<DemotionInterval> all = new ArrayList<>();
        for (int i = 0; i < controllers.size(); i++) {
            all.addAll(controllers.get(i).demotions(segments.get(i).endMinute()));
        }
        return all;
    }

    Optional<AccuracyRange> judgedAccuracy() {
        return controllers.stream().map(PrescientController::judgedAccuracy).flatMap(Optional::stream)
                .reduce(AccuracyRange::merge);
    }

    /** The prescient controller of one segment, set up as {@code options} say. */
    static PrescientController controller(Instant minuteZero, Scenario scenario, BacktestOptions options,
                                          Map<String, ForecastTrack> tracks, Map<Integer, Sizing> sizings,
                                          Segment segment) {
        PrescientSetup setup = options.prescient();
        Duration d = Duration.ofMinutes(scenario.startupDelayMinutes());
        WorkloadSpec spec = spec(scenario, options);
        Map<Integer, Sizing> own = new java.util.TreeMap<>();
        sizings.forEach((minute, sizing) -> {
            if (minute >= segment.dataFrom() && minute < segment.endMinute()) {
                own.put(minute, sizing);
            }
        });
        HpaEmulator hpa = new HpaEmulator(scenario.capacityPerPod(), spec.targetUtilization(), HpaEmulator.TOLERANCE,
                5, scenario.minReplicas(), scenario.maxReplicas());
        return new PrescientController(new ScalingPolicy(setup.policy()), spec, d, tracks.get(setup.forecaster()),
                own, hpa, minuteZero, segment.firstMinute(), setup.demotion());
    }

    /** The simulated workload as the actuator would see it in workloads.yaml. */
    static WorkloadSpec spec(Scenario scenario, BacktestOptions options) {
        PrescientSetup setup = options.prescient();
        return new WorkloadSpec("backtest", "backtest", new TargetRef(TargetKind.Deployment, "backtest"), "trace",
                scenario.capacityPerPod(), WorkloadSpec.DEFAULT_TARGET_UTILIZATION, scenario.minReplicas(),
                scenario.maxReplicas(), Duration.ofMinutes(options.historyMinutes()), Duration.ofMinutes(1),
                Duration.ofMinutes(Backtest.HORIZON_MINUTES), Optional.of(Duration.ofMinutes(
                scenario.startupDelayMinutes())), setup.mode(), setup.slo(), java.util.OptionalInt.empty());
    }
}
