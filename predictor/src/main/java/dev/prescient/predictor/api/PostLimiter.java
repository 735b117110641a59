package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.PredictorConfig;
import dev.prescient.predictor.serving.PredictorMetrics;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the {@code POST /forecast} requests read and computed at once
 * ({@code prescient.predictor.max-concurrent-posts}): each may hold 100,000 values and run a model on them, so the
 * memory and CPU all POSTs together can take is bounded too. A request finding every permit taken is refused at once with 503 {@code busy} (and counted),
 * before its body is read; it does not queue.
 */
@Singleton
public class PostLimiter {

    /** A permit to read and compute one POST; closing it (once or more) gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int limit;
    private final Semaphore permits;
    private final PredictorMetrics metrics;

    public PostLimiter(PredictorConfig config, PredictorMetrics metrics) {
        this.limit = config.maxConcurrentPosts();
        this.permits = new Semaphore(limit);
        this.metrics = metrics;
    }

    /**
     * @throws ApiException 503 {@code busy}, counted, when {@code max-concurrent-posts} requests are running; the
     *     connection is closed, the body is never read
     */
    Permit acquire() {
        return tryAcquire().orElseThrow(() -> {
            metrics.rejected(ApiException.BUSY);
            return new ApiException(503, ApiException.BUSY, limit + " POST /forecast request(s) are being computed, "
                    + "the most this predictor runs at once (prescient.predictor.max-concurrent-posts); retry shortly")
                    .closingConnection();
        });
    }

    /** A permit if one is free now. */
    public Optional<Permit> tryAcquire() {
        if (!permits.tryAcquire()) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
    }
}
