package dev.prescient.trainer.sizing;

/**
 * What a setting did over part of the calibration span.
 *
 * @param shortMinutes minutes within reach that were short
 * @param minutes minutes within reach
 * @param podMinutes ready + starting pod-minutes
 * @param changes minutes in which the pod count changed
 */
record Figures(int shortMinutes, int minutes, long podMinutes, int changes) {

    static final Figures NONE = new Figures(0, 0, 0, 0);

    Figures plus(Figures o) {
        return new Figures(shortMinutes + o.shortMinutes, minutes + o.minutes, podMinutes + o.podMinutes,
                changes + o.changes);
    }

    double underPct() {
        return minutes == 0 ? 0 : 100.0 * shortMinutes / minutes;
    }
}
