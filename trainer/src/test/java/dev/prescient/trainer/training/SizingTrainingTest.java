package dev.prescient.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.config.DurationParser;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.SeasonalNaiveForecaster;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training job's sizing step, with the seasonal-naive forecaster so that no network trains. */
class SizingTrainingTest {

    static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    static final Forecaster NEVER_FITTED = new Forecaster() {
        @Override
        public String type() {
            return "never";
        }

        @Override
        public FittedModel fit(TimeSeries history, ForecastSettings settings) {
            throw new AssertionError("no calibration model may be fitted");
        }
    };

    static WorkloadSpec spec(Duration step, Optional<Duration> startupDelay, double sloPct) {
        return new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10, 0.7, 1, 50,
                Duration.ofDays(2), step, Duration.ofMinutes(30), startupDelay, ScalingMode.HPA_FLOOR)
                .withSlo(new Slo(sloPct));
    }

    /** Three days at one minute, ~100 requests per second: a daily wave and a burst at :30-:35 of every hour. */
    static TimeSeries threeDays() {
        return days(3);
    }

    /** {@code n} days like {@link #threeDays()}. */
    static TimeSeries days(int n) {
        double[] v = new double[n * 1440];
        for (int t = 0; t < v.length; t++) {
            int minuteOfHour = t % 60;
            v[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 1440) + (minuteOfHour >= 30 && minuteOfHour < 36 ? 80 : 0)
                    + ((t * 7919) % 11) - 5;
        }
        return new TimeSeries(START, Duration.ofMinutes(1), v);
    }

    @ParameterizedTest
    @CsvSource({"1m, 1", "5m, 5", "15m, 15"})
    void learnsUnderTheActuatorsDecisionInterval(String interval, int minutes) {
        SizingTraining training = new SizingTraining(DurationParser.parse(interval));

        assertThat(training.policy().decisionInterval()).isEqualTo(Duration.ofMinutes(minutes));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0s  | the actuator's decision interval must be a whole number of minutes, at least 1m, got 0s",
            "30s | the actuator's decision interval must be a whole number of minutes, at least 1m, got 30s",
            "90s | the actuator's decision interval must be a whole number of minutes, at least 1m, got 90s"})
    void refusesAnIntervalThatIsNotWholeMinutes(String interval, String message) {
        assertThatThrownBy(() -> new SizingTraining(DurationParser.parse(interval)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"'', 3", "2m, 2", "150s, 3", "61s, 2"})
    void usesTheConfiguredStartUpDelayElseThreeMinutesRoundedUpToWholeMinutes(String configured, int minutes) {
        Optional<Duration> delay = configured.isEmpty() ? Optional.empty()
                : Optional.of(DurationParser.parse(configured));

        assertThat(SizingTraining.startupDelay(spec(Duration.ofMinutes(1), delay, 1.0)))
                .isEqualTo(Duration.ofMinutes(minutes));
    }

    @ParameterizedTest
    @CsvSource({"1m, 4320", "5m, 864", "7m, 618"})
    void theTrainerReadsTheLongestCalibrationSpanOfThreeDaysOnTopOfTheHistory(String step, int steps) {
        assertThat(SizingTraining.spanSteps(spec(DurationParser.parse(step),
                Optional.empty(), 1.0))).isEqualTo(steps);
    }

    /** hpa-floor mode reads at least two weeks, for the HPA alone; replicas mode only what the forecast needs. */
    @Test
    void readsTheHistoryAndTheSpanAndInHpaFloorModeAtLeastTwoWeeks() {
        WorkloadSpec hpaFloor = spec(Duration.ofMinutes(1), Optional.empty(), 1.0);
        WorkloadSpec replicas = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10,
                0.7, 1, 50, Duration.ofDays(2), Duration.ofMinutes(1), Duration.ofMinutes(30), Optional.empty(),
                ScalingMode.REPLICAS);
        WorkloadSpec longHistory = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10,
                0.7, 1, 50, Duration.ofDays(14), Duration.ofMinutes(1), Duration.ofMinutes(30), Optional.empty(),
                ScalingMode.HPA_FLOOR);

        assertThat(SizingTraining.readFor(hpaFloor)).isEqualTo(Duration.ofDays(14));
        assertThat(SizingTraining.readFor(replicas)).isEqualTo(Duration.ofDays(2 + 3));
        // a history longer than three days is calibrated over as many days, up to a week
        assertThat(SizingTraining.readFor(longHistory)).isEqualTo(Duration.ofDays(14 + 7));
    }

    @Test
    void aWorkloadAtAnotherStepGetsNoSizingAndTheReasonWithoutFittingAnything() {
        WorkloadSpec fiveMinutes = spec(Duration.ofMinutes(5), Optional.empty(), 1.0);

        LearntSizing learnt = SizingTraining.defaults().learn(NEVER_FITTED, fiveMinutes,
                new TimeSeries(START, Duration.ofMinutes(5), new double[864]),
                ForecastSettings.daily(Duration.ofMinutes(5), 6, 1));

        assertThat(learnt.sizing()).isEmpty();
        assertThat(learnt.notLearnt()).isEqualTo("cannot learn the sizing of shop/api: sizing is learnt at a"
                + " one-minute step and the workload's step is 5m");
    }

    @Test
    void aHistoryTooShortForACalibrationModelGetsNoSizingAndTheReason() {
        TimeSeries oneDay = threeDays().slice(0, 1440 + 600);

        LearntSizing learnt = SizingTraining.defaults().learn(new SeasonalNaiveForecaster(),
                spec(Duration.ofMinutes(1), Optional.empty(), 1.0), oneDay,
                ForecastSettings.daily(Duration.ofMinutes(1), 30, 1));

        assertThat(learnt.sizing()).isEmpty();
        assertThat(learnt.notLearnt()).startsWith("cannot learn the sizing of shop/api: cannot learn the sizing from ")
                .endsWith("the 1440-step calibration span leaves 600 steps to train on, needs at least 1470");
    }

    @Test
    void learnsASizingForTheWorkloadsSloIntervalAndStartUpDelayOnTheNewestDay() {
        WorkloadSpec spec = spec(Duration.ofMinutes(1), Optional.of(Duration.ofSeconds(150)), 2.0);

        LearntSizing learnt = new SizingTraining(Duration.ofMinutes(15)).learn(new SeasonalNaiveForecaster(), spec,
                threeDays(), ForecastSettings.daily(Duration.ofMinutes(1), 30, 1));

        assertThat(learnt.notLearnt()).isNull();
        Sizing s = learnt.sizing().orElseThrow();
        assertThat(s.sloShortMinutesPct()).isEqualTo(2.0);
        assertThat(s.decisionIntervalMinutes()).isEqualTo(15);
        assertThat(s.startupDelayMinutes()).isEqualTo(3);
        assertThat(s.calibration().minutes()).as("simulated within the newest day").isBetween(1300, 1440);
        assertThat(s.calibration().settingsTried()).isPositive();
        assertThat(s.calibration().underProvisionedPct()).as("a series that repeats every day is forecast well")
                .isLessThanOrEqualTo(2.0);
        assertThat(s.calibration().meetsSlo()).isTrue();
    }

    @Test
    void aWorkloadNewToPrometheusIsCalibratedOnItsNewestDayAfterTheGapsThatPrecedeIt() {
        double[] values = new double[6 * 1440];
        java.util.Arrays.fill(values, 0, 3 * 1440, Double.NaN);
        System.arraycopy(threeDays().values(), 0, values, 3 * 1440, 3 * 1440);
        TimeSeries fetched = new TimeSeries(START.minus(Duration.ofDays(3)), Duration.ofMinutes(1), values);

        assertThat(SizingTraining.observedSteps(fetched)).isEqualTo(3 * 1440);
        LearntSizing learnt = SizingTraining.defaults().learn(new SeasonalNaiveForecaster(),
                spec(Duration.ofMinutes(1), Optional.empty(), 1.0), fetched,
                ForecastSettings.daily(Duration.ofMinutes(1), 30, 1));

        assertThat(learnt.notLearnt()).isNull();
        assertThat(learnt.sizing().orElseThrow().calibration().minutes())
                .as("one day of span: the two observed days before it train the calibration model")
                .isBetween(1300, 1440);
    }

    @Test
    void putsTheServedDemandOnTheGridOfTheHistoryWithAGapWhereItHasNoMinute() {
        TimeSeries grid = new TimeSeries(START, Duration.ofMinutes(1), new double[] {1, 2, 3, 4, 5});
        TimeSeries served = new TimeSeries(START.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1),
                new double[] {30, Double.NaN, 50, 60});

        TimeSeries onGrid = SizingTraining.onGridOf(grid, served);

        assertThat(onGrid.start()).isEqualTo(START);
        assertThat(onGrid.values()).containsExactly(Double.NaN, Double.NaN, 30, Double.NaN, 50);
    }
}
