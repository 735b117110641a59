package dev.prescient.trainer.cli;

import dev.prescient.common.forecast.eval.EvaluationListener;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a progress bar of refits, and failures, to standard error. */
record ProgressPrinter(PrintWriter err, String command) implements EvaluationListener {

    private static final int WIDTH = 30;

    @Override
    public void refitted(String type, int refit, int refits, double seconds) {
        // a bar never stops a run: more refits than planned fill it, no more
        int done = refits <= 0 ? WIDTH : (int) Math.max(0, Math.min(WIDTH, (long) WIDTH * refit / refits));
        err.printf(Locale.ROOT, "%s: %-14s [%s%s] %d/%d refits (last %.1f s)%n", command, type, "#".repeat(done),
                ".".repeat(WIDTH - done), refit, refits, seconds);
        err.flush();
    }

    @Override
    public void failed(String type, int origin, String message) {
        err.printf(Locale.ROOT, "%s: %s failed at step %d: %s%n", command, type, origin, message);
        err.flush();
    }
}
