package dev.prescient.trainer.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.config.DurationParser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalibrationSpanLengthTest {

    /** Three days at least, so one day does not decide; as many as the history up to a week, so a weekly cycle's days are all in it. */
    @ParameterizedTest
    @CsvSource({"2d, 3", "3d, 3", "4321m, 4", "5d, 5", "7d, 7", "14d, 7"})
    void theSpanCoversTheHistoryBetweenThreeDaysAndAWeek(String history, int days) {
        assertThat(CalibrationReplay.spanDays(DurationParser.parse(history))).isEqualTo(days);
    }

    @ParameterizedTest
    @CsvSource({
        // available days, span days -> span steps at one a day: leaves two days to train on, at least one day
        "20, 7, 7",
        "10, 7, 7",
        "8, 7, 6",
        "5, 3, 3",
        "4, 3, 2",
        "2, 3, 1",
    })
    void theSpanLeavesTwoDaysToTrainOnAndIsAtLeastADay(int available, int spanDays, int steps) {
        assertThat(CalibrationReplay.spanSteps(available, 1, spanDays)).isEqualTo(steps);
    }
}
