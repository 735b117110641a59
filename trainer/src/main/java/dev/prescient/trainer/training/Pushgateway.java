package dev.prescient.trainer.training;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Pushes a workload's training metrics to a Prometheus Pushgateway, since a CronJob ends before any
 * scrape. Each workload is its own group ({@code job="prescient-trainer"}, {@code workload}), replaced
 * by every run of that workload, so it holds the last run:
 * {@code prescient_training_duration_seconds{outcome}} and
 * {@code prescient_training_last_run_timestamp_seconds{outcome}} (gauges; the Pushgateway adds
 * {@code push_time_seconds}). Two gauges in the text format need no client library: one PUT per
 * workload over the JDK client.
 */
public final class Pushgateway {

    public static final String JOB = "prescient-trainer";

    private final URI root;
    private final HttpClient http;
    private final Duration timeout;

    public Pushgateway(URI root, Duration timeout) {
        this.root = root;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * @throws IOException naming the URL and the answer when the push fails
     */
    public void push(WorkloadResult result, Instant finishedAt) throws IOException {
        URI group = groupUri(root, result.workload());
        HttpRequest request = HttpRequest.newBuilder(group).timeout(timeout)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body(result, finishedAt), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pushing to " + group, e);
        } catch (IOException e) {
            throw new IOException("cannot push the training metrics of " + result.workload() + " to " + group + ": "
                    + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("cannot push the training metrics of " + result.workload() + " to " + group
                    + ": HTTP " + response.statusCode() + " " + response.body().strip());
        }
    }

    /** {@code <root>/metrics/job/prescient-trainer/workload@base64/<base64url of namespace/name>}. */
    static URI groupUri(URI root, String workload) {
        String base = root.toString().replaceAll("/+$", "");
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(workload.getBytes(StandardCharsets.UTF_8));
        return URI.create(base + "/metrics/job/" + JOB + "/workload@base64/" + encoded);
    }

    /** The Prometheus text exposition of one run. */
    static String body(WorkloadResult result, Instant finishedAt) {
        String labels = "{outcome=\"" + result.outcome() + "\"}";
        return "# HELP prescient_training_duration_seconds Wall time of the workload's last training run.\n"
                + "# TYPE prescient_training_duration_seconds gauge\n"
                + "prescient_training_duration_seconds" + labels + " " + number(result.seconds()) + "\n"
                + "# HELP prescient_training_last_run_timestamp_seconds When the workload's last training run ended.\n"
                + "# TYPE prescient_training_last_run_timestamp_seconds gauge\n"
                + "prescient_training_last_run_timestamp_seconds" + labels + " "
                + number(finishedAt.toEpochMilli() / 1000.0) + "\n";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
