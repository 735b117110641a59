package dev.prescient.predictor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A concurrent client: {@code threads} threads each send {@code GET uri} back to back until
 * {@link #stop()}, recording status, model version and time of every answer in order.
 */
public final class Hammer implements AutoCloseable {

    /** One answer: when it arrived (nanoTime), its status, and the model version it named (null if none). */
    public record Answer(long nanos, int status, String version, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService pool;
    private final List<Future<List<Answer>>> runs = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public Hammer(URI uri, int threads) {
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            runs.add(pool.submit(() -> run(uri)));
        }
    }

    /** Stops the clients and returns each thread's answers in the order it got them. */
    public List<List<Answer>> stop() throws Exception {
        stopped.set(true);
        List<List<Answer>> all = new ArrayList<>();
        for (Future<List<Answer>> run : runs) {
            all.add(run.get(60, TimeUnit.SECONDS));
        }
        return all;
    }

    @Override
    public void close() {
        stopped.set(true);
        pool.shutdownNow();
    }

    private List<Answer> run(URI uri) throws InterruptedException {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        while (!stopped.get()) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(System.nanoTime(), response.statusCode(), version(response.body()),
                        response.body()));
            } catch (IOException e) {
                answers.add(new Answer(System.nanoTime(), -1, null, e.toString()));
            }
        }
        return answers;
    }

    private static String version(String body) {
        try {
            JsonNode model = JSON.readTree(body).path("model");
            return model.path("version").isTextual() ? model.path("version").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
