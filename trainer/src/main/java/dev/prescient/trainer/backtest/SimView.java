package dev.prescient.trainer.backtest;

/**
 * What a controller may see at minute t: demand up to {@code t - lag} and the cluster so far.
 */
public interface SimView {

    /** The current minute. */
    int minute();

    /** Demand at minute {@code m}; only minutes up to {@code minute() - lag} may be read. */
    double demand(int m);

    /** Ready pods at a past minute. */
    int ready(int m);

    /** Ready plus starting pods now, before this minute's decision. */
    int total();
}
