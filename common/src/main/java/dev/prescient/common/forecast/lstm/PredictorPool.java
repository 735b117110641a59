package dev.prescient.common.forecast.lstm;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.prescient.common.forecast.ForecastException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DJL predictors are not thread-safe; this hands each call its own. A call takes an idle predictor
 * or makes a new one, and gives it back afterwards; at most {@code maxIdle} are kept. No lock is held
 * while the network runs, so forecasts from several threads run in parallel. The pool owns its
 * predictors and closes them in {@link #close()}.
 */
final class PredictorPool implements AutoCloseable {

    private final Model model;
    private final WindowTranslator translator;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<Predictor<WindowInput, RawQuantiles>> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    PredictorPool(Model model, WindowTranslator translator, int maxIdle) {
        this.model = model;
        this.translator = translator;
        this.maxIdle = maxIdle;
    }

    RawQuantiles predict(WindowInput input) {
        if (closed) {
            throw new ForecastException("lstm model is closed; load or train it again before forecasting");
        }
        Predictor<WindowInput, RawQuantiles> predictor = idle.poll();
        if (predictor == null) {
            predictor = model.newPredictor(translator);
        } else {
            idleCount.decrementAndGet();
        }
        try {
            Predictor<WindowInput, RawQuantiles> borrowed = predictor;
            return TorchRuntime.withAutograd(() -> predictOrFail(borrowed, input));
        } finally {
            giveBack(predictor);
        }
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
            idleCount.decrementAndGet();
            predictor.close();
            return;
        }
        idle.offer(predictor);
        if (closed) {
            drain();
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (Predictor<WindowInput, RawQuantiles> p = idle.poll(); p != null; p = idle.poll()) {
            idleCount.decrementAndGet();
            p.close();
        }
    }
}
