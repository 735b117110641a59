package dev.prescient.actuator.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TargetEventTest {

    @ParameterizedTest(name = "{1} × \"{0}\" → {2} bytes, cut: {3}")
    @CsvSource({
            "a, 1000, 1000, false",
            "a, 1001, 1000, true",
            "→, 333, 999, false",
            "→, 334, 1000, true",
            "😀, 400, 1000, true"
    })
    void keepsMessagesWithinTheApiServersByteLimit(String unit, int times, int expectedBytes, boolean cut) {
        String message = unit.repeat(times);

        String kept = new TargetEvent(false, "PredictiveHold", message).message();

        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(expectedBytes);
        assertThat(kept.endsWith("…")).isEqualTo(cut);
        assertThat(message).startsWith(cut ? kept.substring(0, kept.length() - 1) : kept);
    }
}
