package dev.prescient.trainer.backtest;

/** A scaling policy under test: at each minute, how many pods (ready + starting) it wants. */
public interface Controller {

    /** Name shown in the results table. */
    String name();

    int desired(SimView view);
}
