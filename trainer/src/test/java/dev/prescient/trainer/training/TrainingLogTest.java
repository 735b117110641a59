package dev.prescient.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.testing.LearntSizings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class TrainingLogTest {

    static final Map<String, ValidationMetrics> METRICS = Map.of("lstm", new ValidationMetrics(7.7, 0.5531, 0.9),
            "seasonal-naive", new ValidationMetrics(9.9, 0.771, 0.8));

    @Test
    void aPromotedRunCarriesWorkloadVersionOutcomeTheLearntSizingAndTheGateReason() {
        WorkloadResult promoted = WorkloadResult.trained("shop/api", "v20261127-041200-3fa9c2", METRICS, 0.61, true,
                "promoted: lstm MASE 0.553 beats production 0.610 by 9.3 percent", 12.345,
                LearntSizing.of(LearntSizings.phasedFloor(1.0, 0.9)));

        assertThat(Logfmt.parse(TrainingLog.line(promoted))).containsExactly(
                Map.entry("workload", "shop/api"), Map.entry("version", "v20261127-041200-3fa9c2"),
                Map.entry("outcome", "promoted"), Map.entry("seconds", "12.35"), Map.entry("mase", "0.5531"),
                Map.entry("production_mase", "0.6100"), Map.entry("floor_headroom", "0.8000"),
                Map.entry("floor_memory_days", "3"), Map.entry("floor_hold_minutes", "0"),
                Map.entry("floor_min_spread_fraction", "0.0010"), Map.entry("reactive_target", "0.75"), Map.entry("reactive_window_minutes", "5"),
                Map.entry("calibration_u_pct", "0.90"), Map.entry("slo_pct", "1.00"), Map.entry("meets_slo", "true"),
                Map.entry("reason", "promoted: lstm MASE 0.553 beats production 0.610 by 9.3 percent"));
    }

    @Test
    void aSizingWithoutFloorSaysSoAndNamesTheReactiveSettingAndTheMissedSlo() {
        WorkloadResult refused = WorkloadResult.trained("shop/api", "v20261127-041200-3fa9c2", METRICS, null, false,
                "refused: lstm sizing misses its SLO", 3, LearntSizing.of(LearntSizings.reactiveOnly(0.5, 0.62)));

        assertThat(Logfmt.parse(TrainingLog.line(refused))).containsEntry("floor", "none")
                .doesNotContainKeys("floor_headroom", "floor_memory_days", "floor_hold_minutes",
                        "floor_min_spread_fraction", "sizing_error")
                .containsEntry("reactive_target", "0.60").containsEntry("reactive_window_minutes", "1")
                .containsEntry("calibration_u_pct", "0.62").containsEntry("slo_pct", "0.50")
                .containsEntry("meets_slo", "false");
    }

    @Test
    void aSizingThatWasNotLearntGivesTheReasonAndNoSizingFields() {
        WorkloadResult trained = WorkloadResult.trained("shop/api", "v20261127-041200-3fa9c2", METRICS, null, true,
                "promoted", 3, LearntSizing.none("cannot learn the sizing of shop/api: sizing is learnt at a one-minute"
                        + " step and the workload's step is 5m"));

        assertThat(Logfmt.parse(TrainingLog.line(trained))).containsEntry("sizing_error", "cannot learn the sizing of"
                + " shop/api: sizing is learnt at a one-minute step and the workload's step is 5m")
                .doesNotContainKeys("floor", "floor_headroom", "reactive_target", "meets_slo");
    }

    @Test
    void aFailureKeepsItsMessageWithQuotesBackslashesAndNewlinesIntact() {
        String error = "cannot train shop/api: Prometheus returned no series for 'sum(rate(x{job=\"a\\b\"}[5m]))'\n"
                + "check the query";
        WorkloadResult failed = WorkloadResult.failed("shop/api", null, Map.of(), 1.5, error);

        String line = TrainingLog.line(failed);

        assertThat(line).doesNotContain("\n").startsWith("training workload=shop/api version=\"\" outcome=failed ");
        assertThat(Logfmt.parse(line)).containsEntry("version", "").containsEntry("outcome", "failed")
                .containsEntry("error", error).doesNotContainKeys("reason", "mase");
    }

    @Test
    void aLockedWorkloadNamesTheHolder() {
        WorkloadResult locked = WorkloadResult.locked("shop/api", "trainer-7f/1a2b3c4d",
                Instant.parse("2026-11-27T04:30:00Z"));

        assertThat(Logfmt.parse(TrainingLog.line(locked))).containsEntry("outcome", "locked")
                .containsEntry("lock_holder", "trainer-7f/1a2b3c4d")
                .containsEntry("error", "skipped shop/api: another training run (trainer-7f/1a2b3c4d) holds its lock "
                        + "until 2026-11-27T04:30:00Z; it is retried on the next run");
    }

    @Test
    void logsTheLineAtALevelFittingTheOutcome() {
        List<LogRecord> records;
        try (LogCapture capture = LogCapture.of(TrainingLog.class)) {
            TrainingLog.log(WorkloadResult.trained("shop/a", "v20261127-041200-3fa9c2", METRICS, null, false,
                    "refused: lstm MASE 0.553 does not beat seasonal-naive 0.500", 2, LearntSizing.none("short")));
            TrainingLog.log(WorkloadResult.lockLost("shop/b", "v20261127-041300-3fa9c2", METRICS, 3,
                    "cannot train shop/b: lost the training lock"));
            records = capture.records();
        }

        assertThat(records).extracting(LogRecord::getLevel).extracting(Level::intValue)
                .containsExactly(Level.INFO.intValue(), Level.SEVERE.intValue());
        assertThat(records).extracting(r -> Logfmt.parse(r.getMessage()).get("outcome"))
                .containsExactly("refused", "lock-lost");
        assertThat(records).extracting(r -> Logfmt.parse(r.getMessage()).get("version"))
                .containsExactly("v20261127-041200-3fa9c2", "v20261127-041300-3fa9c2");
    }
}
