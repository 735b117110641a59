package dev.prescient.trainer.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Pods of one simulated workload. A pod requested at minute t is ready from t + D. Scaling down is
 * immediate and removes starting pods first (newest first), then ready ones.
 */
final class SimCluster {

    private final int startupDelay;
    /** Minute each pod becomes ready, ascending. */
    private final List<Integer> readyAt = new ArrayList<>();

    SimCluster(int startupDelay, int readyPods, int minute) {
        this.startupDelay = startupDelay;
        for (int i = 0; i < readyPods; i++) {
            readyAt.add(minute);
        }
    }

    /** Requests or removes pods at minute {@code t} so that ready + starting = {@code desired}. */
    void scaleTo(int desired, int t) {
        while (readyAt.size() < desired) {
            readyAt.add(t + startupDelay);
        }
        while (readyAt.size() > desired) {
            readyAt.remove(readyAt.size() - 1);
        }
    }

    int total() {
        return readyAt.size();
    }

    int ready(int t) {
        int n = 0;
        for (int at : readyAt) {
            if (at <= t) {
                n++;
            }
        }
        return n;
    }
}
