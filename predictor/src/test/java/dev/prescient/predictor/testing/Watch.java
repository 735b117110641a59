package dev.prescient.predictor.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a set of small requests one after the other, every {@code period}, from {@link #start} until
 * {@link #stop}, recording status and latency of each (status -1 and the timeout when none came within
 * {@value #TIMEOUT_SECONDS} s): what a kubelet probe and a normal client see while the predictor is under load.
 */
public final class Watch implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 5;

    /** One answer of the request named {@code name}: its status and how long it took. */
    public record Sample(String name, long atNanos, int status, Duration took) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();
    private final Map<String, HttpRequest> requests = new LinkedHashMap<>();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Duration period;
    private Thread thread;

    public Watch(Duration period) {
        this.period = period;
    }

    public Watch get(String name, URI uri) {
        requests.put(name, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).GET().build());
        return this;
    }

    public Watch postJson(String name, URI uri, String body) {
        requests.put(name, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return this;
    }

    public Watch start() {
        thread = new Thread(this::run, "watch");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops and returns every sample in order. */
    public List<Sample> stop() throws InterruptedException {
        stopped.set(true);
        thread.join(Duration.ofSeconds(3L * TIMEOUT_SECONDS * Math.max(1, requests.size())).toMillis());
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        stopped.set(true);
    }

    private void run() {
        while (!stopped.get()) {
            requests.forEach((name, request) -> {
                long started = System.nanoTime();
                int status;
                try {
                    status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    status = -1;
                }
                samples.add(new Sample(name, started, status, Duration.ofNanos(System.nanoTime() - started)));
            });
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
