package dev.prescient.trainer.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.html}: one self-contained page (no CDN) with the results. */
public final class ReportHtml {

    private ReportHtml() {
    }

    public static String render(BacktestResult r) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Prescient backtest</title></head><body><pre>"
                + ResultsTable.render(r).replace("&", "&amp;").replace("<", "&lt;") + "</pre></body></html>\n";
    }

    public static void write(BacktestResult r, Path file) {
        try {
            Files.writeString(file, render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backtest report to " + file + ": " + e.getMessage(), e);
        }
    }
}
