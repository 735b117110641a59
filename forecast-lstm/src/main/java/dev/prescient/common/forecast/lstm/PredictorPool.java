package dev.prescient.common.forecast.lstm;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.prescient.common.forecast.ForecastException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * DJL predictors are not thread-safe; this hands each call its own. A call takes an idle predictor
 * or makes a new one, and gives it back afterwards; at most {@code maxIdle} are kept. No lock is held
 * while the network runs, so forecasts from several threads run in parallel. The pool owns its
 * predictors: {@link #close()} refuses new calls, waits for running ones, then closes them all, so a
 * model can be swapped while it serves.
 */
final class PredictorPool implements AutoCloseable {

    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Model model;
    private final WindowTranslator translator;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<Predictor<WindowInput, RawQuantiles>> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    PredictorPool(Model model, WindowTranslator translator, int maxIdle) {
        this.model = model;
        this.translator = translator;
        this.maxIdle = maxIdle;
    }

    RawQuantiles predict(WindowInput input) {
        running.incrementAndGet();
        try {
            if (closed) {
                throw new ForecastException("lstm model is closed; load or train it again before forecasting");
            }
            Predictor<WindowInput, RawQuantiles> predictor = borrow();
            try {
                return TorchRuntime.withAutograd(() -> predictOrFail(predictor, input));
            } finally {
                giveBack(predictor);
            }
        } finally {
            running.decrementAndGet();
        }
    }

    private Predictor<WindowInput, RawQuantiles> borrow() {
        Predictor<WindowInput, RawQuantiles> predictor = idle.poll();
        if (predictor == null) {
            return model.newPredictor(translator);
        }
        idleCount.decrementAndGet();
        return predictor;
    }

    private static RawQuantiles predictOrFail(Predictor<WindowInput, RawQuantiles> predictor, WindowInput input) {
        try {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new ForecastException("lstm network failed to forecast: " + e.getMessage(), e);
        }
    }

    private void giveBack(Predictor<WindowInput, RawQuantiles> predictor) {
        if (closed || idleCount.incrementAndGet() > maxIdle) {
            if (!closed) {
                idleCount.decrementAndGet();
            }
            predictor.close();
            return;
        }
        idle.offer(predictor);
    }

    /** Refuses new forecasts, waits up to ten seconds for running ones, and closes every predictor. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (running.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (Predictor<WindowInput, RawQuantiles> p = idle.poll(); p != null; p = idle.poll()) {
            p.close();
        }
    }
}
