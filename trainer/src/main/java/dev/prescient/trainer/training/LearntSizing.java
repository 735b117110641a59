package dev.prescient.trainer.training;

import dev.prescient.common.policy.Sizing;
import java.util.Objects;
import java.util.Optional;

/**
 * The sizing learnt for a workload's new model version, or why none was: the version is then stored without
 * {@code sizing.json} and judged by the gate on MASE alone, and the actuator sizes it as an untrained version.
 *
 * @param sizing the learnt sizing, empty if none was learnt
 * @param notLearnt why none was learnt, null if one was
 */
public record LearntSizing(Optional<Sizing> sizing, String notLearnt) {

    public LearntSizing {
        Objects.requireNonNull(sizing, "sizing");
        if (sizing.isPresent() == (notLearnt != null)) {
            throw new IllegalArgumentException("a learnt sizing has no reason for not being learnt, and vice versa");
        }
    }

    public static LearntSizing of(Sizing sizing) {
        return new LearntSizing(Optional.of(sizing), null);
    }

    public static LearntSizing none(String why) {
        return new LearntSizing(Optional.empty(), Objects.requireNonNull(why, "why"));
    }
}
