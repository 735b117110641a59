package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in a real headless Chromium (system property {@code prescient.chromium}, default
 * /usr/bin/chromium, Debian package chromium) and checks that the script drew every chart. The report's
 * prescient policy was demoted over 13:00–16:00 of the day shown.
 */
class ReportHtmlChromiumIT {

    private static final String CHROMIUM = System.getProperty("prescient.chromium", "/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;
    private static Path report;
    private static int charts;

    @BeforeAll
    static void writeReport() {
        BacktestResult result = SyntheticBacktest.withDemotion("synthetic.csv");
        charts = ReportHtml.chartCount(result);
        report = dir.resolve("report.html");
        ReportHtml.write(result, report);
    }

    @Test
    void scriptMarksEveryChartAsRenderedWithPoints() throws Exception {
        Path dom = dir.resolve("dom.html");
        chromium(dom, "--dump-dom", report.toUri().toString());
        String html = Files.readString(dom, StandardCharsets.UTF_8);

        assertThat(html).doesNotContain("data-charts-error");
        assertThat(attribute(html, "body", "data-charts-rendered")).containsExactly(String.valueOf(charts));
        assertThat(attribute(html, "body", "data-day")).containsExactly("2024-03-04");
        List<String> points = attribute(html, "canvas", "data-points");
        assertThat(points).hasSize(charts).allSatisfy(p -> assertThat(Integer.parseInt(p)).isEqualTo(1440));
        assertThat(html).contains("<td class=\"action\">up</td>");
        assertThat(html).contains("<table class=\"figures\" id=\"demotion-table\">")
                .contains("<td>2024-03-04T13:00:00Z</td><td>2024-03-04T16:00:00Z</td><td>180</td>");
        assertThat(attribute(html, "canvas", "data-demoted-minutes")).as("demoted minutes shaded per chart")
                .hasSize(charts).containsOnly("180");
        // the frontier plots: U and Drop against cost, each with the 28 HPA settings and the hpa policy's point
        assertThat(attribute(html, "body", "data-frontier-rendered")).containsExactly("2");
        assertThat(attribute(html, "canvas", "data-frontier-points")).containsExactly("29", "29");
        assertThat(html).contains("<table class=\"figures\" id=\"frontier-table\">");
    }

    @Test
    void screenshotShowsChartsWithUnderProvisionedMinutesAndTheDemotionShaded() throws Exception {
        Path png = dir.resolve("report.png");
        chromium(dir.resolve("screenshot.log"), "--screenshot=" + png, "--window-size=1400,2600",
                report.toUri().toString());

        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("PNG readable by ImageIO").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(2600);
        Set<Integer> colours = new HashSet<>();
        int shaded = 0;
        int demoted = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (isUnderShading(rgb)) {
                    shaded++;
                }
                if (isDemotedBand(rgb)) {
                    demoted++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(10);
        // the HPA is short for about 4 minutes in each of the day's 4 bursts: ~700 fully shaded pixels; without
        // the shading only ~20 anti-aliased pixels of red text match
        assertThat(shaded).as("pixels of the light-red under-provisioned shading").isGreaterThan(300);
        // each chart is about 1,300 px wide for 1,440 minutes: the 180 demoted minutes are a band of about 160 px by
        // the 178 px plot height, ~28,000 px per chart (about 68,000 px in all over the charts the window shows);
        // without the band only the legend swatches, a few hundred px, have this pale violet
        assertThat(demoted).as("pixels of the pale violet demotion band").isGreaterThan(20_000);
    }

    /** The band rgba(124, 58, 237, 0.16) over white: about (234, 224, 252), give or take a grid line. */
    private static boolean isDemotedBand(int rgb) {
        int r = rgb >> 16;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        return r >= 226 && r <= 238 && g >= 214 && g <= 228 && b >= 244 && b - g >= 18;
    }

    /** The shading rgba(220, 38, 38, 0.2) over white or a grid line: pale red, green and blue equal. */
    private static boolean isUnderShading(int rgb) {
        int r = rgb >> 16;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        return r >= 240 && g >= 200 && g <= 225 && Math.abs(g - b) <= 3;
    }

    /** Runs Chromium headless with a fresh profile; its stdout goes to {@code out}; killed after the timeout. */
    private static void chromium(Path out, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr:%n%s", Files.readString(err)).isZero();
    }

    private static List<String> attribute(String html, String tag, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
