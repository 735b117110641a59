package dev.prescient.trainer.cli;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.eval.EvaluationListener;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a progress bar of refits, and failures, to standard error. A run of failures — a forecaster that cannot
 * forecast across a long gap fails at every origin in it — shows its first {@link #SHOWN_PER_RUN} in full, then one
 * line for the rest when the run ends (the next forecast or refit of that forecaster).
 */
final class ProgressPrinter implements EvaluationListener {

    /** Failures of one run printed in full. */
    static final int SHOWN_PER_RUN = 3;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String command;
    private final Map<String, FailureRun> runs = new HashMap<>();

    ProgressPrinter(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
    }

    /** The failures of one forecaster since its last forecast or refit. */
    private static final class FailureRun {
        int shown;
        int hidden;
        int firstHidden;
        int lastHidden;
        String lastMessage;
    }

    @Override
    public synchronized void refitted(String type, int refit, int refits, double seconds) {
        endRun(type);
        // a bar never stops a run: more refits than planned fill it, no more
        int done = refits <= 0 ? WIDTH : (int) Math.max(0, Math.min(WIDTH, (long) WIDTH * refit / refits));
        err.printf(Locale.ROOT, "%s: %-14s [%s%s] %d/%d refits (last %.1f s)%n", command, type, "#".repeat(done),
                ".".repeat(WIDTH - done), refit, refits, seconds);
        err.flush();
    }

    @Override
    public synchronized void failed(String type, int origin, String message) {
        FailureRun run = runs.computeIfAbsent(type, t -> new FailureRun());
        if (run.shown < SHOWN_PER_RUN) {
            run.shown++;
            err.printf(Locale.ROOT, "%s: %s failed at step %d: %s%n", command, type, origin, message);
            err.flush();
            return;
        }
        if (run.hidden++ == 0) {
            run.firstHidden = origin;
        }
        run.lastHidden = origin;
        run.lastMessage = message;
    }

    @Override
    public synchronized void forecastMade(String type, int origin, Forecast forecast) {
        if (!runs.isEmpty()) {
            endRun(type);
        }
    }

    private void endRun(String type) {
        FailureRun run = runs.remove(type);
        if (run != null && run.hidden > 0) {
            err.printf(Locale.ROOT, "%s: %s failed at %d more step%s, %d to %d; the last: %s%n", command, type,
                    run.hidden, run.hidden == 1 ? "" : "s", run.firstHidden, run.lastHidden, run.lastMessage);
            err.flush();
        }
    }
}
