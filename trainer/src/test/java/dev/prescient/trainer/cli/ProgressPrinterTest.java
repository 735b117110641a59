package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    @Test
    void moreRefitsThanPlannedFillTheBarInsteadOfStoppingTheRun() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), "backtest");

        p.refitted("lstm", 15, 30, 1.0);
        p.refitted("lstm", 50, 49, 1.0);
        p.refitted("lstm", 1, 0, 1.0);

        assertThat(out.toString().lines()).containsExactly(
                "backtest: lstm           [###############...............] 15/30 refits (last 1.0 s)",
                "backtest: lstm           [##############################] 50/49 refits (last 1.0 s)",
                "backtest: lstm           [##############################] 1/0 refits (last 1.0 s)");
    }

    @Test
    void aRunOfFailuresShowsItsFirstThreeThenOneLineForTheRestWhenItEnds() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), "backtest");

        for (int origin = 100; origin <= 150; origin += 5) {
            p.failed("lstm", origin, "gaps at " + origin);
        }
        p.failed("seasonal-naive", 120, "too short");
        p.forecastMade("lstm", 155, null);
        p.failed("lstm", 400, "gaps at 400");

        assertThat(out.toString().lines()).containsExactly(
                "backtest: lstm failed at step 100: gaps at 100",
                "backtest: lstm failed at step 105: gaps at 105",
                "backtest: lstm failed at step 110: gaps at 110",
                "backtest: seasonal-naive failed at step 120: too short",
                "backtest: lstm failed at 8 more steps, 115 to 150; the last: gaps at 150",
                "backtest: lstm failed at step 400: gaps at 400");
    }

    @Test
    void aRefitEndsTheRunToo() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), "backtest");

        for (int origin = 0; origin < 4; origin++) {
            p.failed("lstm", origin, "m" + origin);
        }
        p.refitted("lstm", 1, 2, 0.5);

        assertThat(out.toString().lines()).containsExactly(
                "backtest: lstm failed at step 0: m0",
                "backtest: lstm failed at step 1: m1",
                "backtest: lstm failed at step 2: m2",
                "backtest: lstm failed at 1 more step, 3 to 3; the last: m3",
                "backtest: lstm           [###############...............] 1/2 refits (last 0.5 s)");
    }
}
