package dev.prescient.trainer.training;

import dev.prescient.common.policy.Sizing;

/**
 * The learnt sizing as the training summary line shows it ({@code "sizing"}); the whole of it is the version's
 * {@code sizing.json}.
 *
 * @param floor how the forecast sizes the floor, null when the learnt sizing has none (the reactive HPA alone)
 * @param reactive the HPA under the floor
 * @param calibrationUnderPct % of the calibration span's minutes the chosen setting was short
 * @param sloPct the workload's SLO it was learnt for
 * @param meetsSlo whether it met the SLO on the calibration span
 */
public record SizingSummary(FloorSummary floor, Sizing.Reactive reactive, double calibrationUnderPct, double sloPct,
                            boolean meetsSlo) {

    /**
     * @param headroomPooled headroom in forecast spreads at every phase without its own
     * @param phases how many phase bins have their own headroom
     * @param memoryDays past days whose same window the floor never goes below
     * @param holdMinutes how long the floor holds its highest recommendation
     * @param minSpreadFraction the least spread the headroom counts in, as a fraction of p50
     */
    public record FloorSummary(double headroomPooled, int phases, int memoryDays, int holdMinutes,
                               double minSpreadFraction) {
    }

    public static SizingSummary of(Sizing s) {
        FloorSummary floor = s.floor().map(f -> new FloorSummary(f.headroom().pooled(), f.headroom().byPhase().size(),
                f.memoryDays(), f.holdMinutes(), f.minSpreadFraction())).orElse(null);
        return new SizingSummary(floor, s.reactive(), s.calibration().underProvisionedPct(), s.sloShortMinutesPct(),
                s.calibration().meetsSlo());
    }
}
