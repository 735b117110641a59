package dev.prescient.trainer.sizing;

import dev.prescient.common.policy.Sizing;

/**
 * One simulated setting and what it did over each block of the calibration span.
 *
 * @param floor the floor, null for none
 * @param reactive the HPA under the floor, or alone
 * @param blocks its figures per block of the span
 * @param minutes minutes simulated
 */
record Candidate(Sizing.Floor floor, Sizing.Reactive reactive, Figures[] blocks, int minutes) {

    Figures total() {
        Figures t = Figures.NONE;
        for (Figures b : blocks) {
            t = t.plus(b);
        }
        return t;
    }

    /** Every block but {@code k}. */
    Figures except(int k) {
        Figures t = Figures.NONE;
        for (int i = 0; i < blocks.length; i++) {
            if (i != k) {
                t = t.plus(blocks[i]);
            }
        }
        return t;
    }
}
