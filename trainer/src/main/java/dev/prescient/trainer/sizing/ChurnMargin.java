package dev.prescient.trainer.sizing;

/**
 * The churn rule's margin for the optimism of choosing in sample ({@link SettingChoice#churnOptimism}): the factor by
 * which a setting chosen to change scale no more often than the reference HPA changes scale more often than it on the
 * days it was not chosen on, {@code observed}, and the same with one standard deviation of that count added,
 * {@code withNoise}. A choice is held to the reference's changes divided by the larger factor where a setting within
 * the SLO is, else by the observed one, else to the reference's changes ({@link SettingChoice#chooseTightened}).
 *
 * @param observed left-out changes over the reference's on the same blocks, in [1, {@link SettingChoice#MAX_OPTIMISM}]
 * @param withNoise the same with the square root of the left-out changes added, in [observed, MAX_OPTIMISM]
 */
record ChurnMargin(double observed, double withNoise) {

    /** No margin: the rule itself (no more changes than the reference). */
    static final ChurnMargin NONE = new ChurnMargin(1, 1);

    ChurnMargin {
        if (!(observed >= 1 && withNoise >= observed && withNoise <= SettingChoice.MAX_OPTIMISM)) {
            throw new IllegalArgumentException("a churn margin needs 1 <= observed <= withNoise <= "
                    + SettingChoice.MAX_OPTIMISM + ", got " + observed + " and " + withNoise);
        }
    }

    /** The margin of {@code changes} left-out scale changes against the reference's {@code referenceChanges}. */
    static ChurnMargin of(long changes, long referenceChanges) {
        if (referenceChanges == 0) {
            return NONE;
        }
        double observed = clamp((double) changes / referenceChanges);
        return new ChurnMargin(observed, clamp((changes + Math.sqrt(changes)) / referenceChanges));
    }

    /** The factors to hold the choice to, strongest first, ending with the rule itself. */
    double[] factors() {
        return new double[] {withNoise, observed, 1};
    }

    private static double clamp(double ratio) {
        return Math.max(1, Math.min(SettingChoice.MAX_OPTIMISM, ratio));
    }
}
