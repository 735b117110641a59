package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.eval.RollingOriginSchedule.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingOriginScheduleTest {

    @Test
    void originsStartAtTheFirstFullHistoryAndRefitAfterRefitEverySteps() {
        RollingOriginSchedule schedule = new RollingOriginSchedule(10, 3, 2, 5);

        // 10 is the first full history; 18 + 3 > 20 ends it; refits at 10 and at 16 (6 >= 5 after 10).
        assertThat(schedule.origins(20)).containsExactly(
                new Origin(10, true), new Origin(12, false), new Origin(14, false), new Origin(16, true));
    }

    @Test
    void lastOriginIsTheLastWhoseWholeHorizonIsInTheSeries() {
        RollingOriginSchedule schedule = new RollingOriginSchedule(10, 3, 1, 100);

        List<Origin> origins = schedule.origins(14);

        assertThat(origins).extracting(Origin::index).containsExactly(10, 11);
    }

    @Test
    void threeDaysAtOneMinuteOverTheTwitterTraceGives5461OriginsAnd19Refits() {
        // (31651 - 30 - 4320) / 5 = 5460.2 -> 5461 origins; a refit every 1440 / 5 = 288 origins -> 19.
        List<Origin> origins = new RollingOriginSchedule(4320, 30, 5, 1440).origins(31651);

        assertThat(origins).hasSize(5461);
        assertThat(origins.stream().filter(Origin::refit).count()).isEqualTo(19);
        assertThat(origins.get(288)).isEqualTo(new Origin(4320 + 1440, true));
        assertThat(origins.get(5460).index()).isEqualTo(31620);
    }

    @Test
    void seriesShorterThanHistoryPlusHorizonHasNoOrigin() {
        assertThat(new RollingOriginSchedule(10, 3, 1, 1).origins(12)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1, 1, 1, 'historySteps must be positive, got 0'",
        "1, 0, 1, 1, 'horizonSteps must be positive, got 0'",
        "1, 1, -1, 1, 'originEvery must be positive, got -1'",
        "1, 1, 1, 0, 'refitEvery must be positive, got 0'"})
    void rejectsNonPositiveSteps(int history, int horizon, int every, int refit, String message) {
        assertThatThrownBy(() -> new RollingOriginSchedule(history, horizon, every, refit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rolling-origin " + message);
    }
}
