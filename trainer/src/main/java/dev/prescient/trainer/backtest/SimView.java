package dev.prescient.trainer.backtest;

/**
 * What a controller may see at minute t: the signal up to {@code t - lag} within its segment, and the cluster so far.
 */
public interface SimView {

    /** The current minute. */
    int minute();

    /** The first minute whose demand may be read: the start of the segment being simulated. */
    int firstKnownMinute();

    /** The signal at minute {@code m}; only minutes in [firstKnownMinute(), minute() - lag] may be read. */
    double demand(int m);

    /** Ready pods at a past minute. */
    int ready(int m);

    /** Ready plus starting pods now, before this minute's decision. */
    int total();
}
