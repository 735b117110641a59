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
}
