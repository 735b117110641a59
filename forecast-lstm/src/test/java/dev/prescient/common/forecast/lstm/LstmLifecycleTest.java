package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LstmLifecycleTest {

    static final LstmConfig TINY = new LstmConfig(8, 16, 24, 64, 3, 3, 5e-3, 0.2, Duration.ofMinutes(2), 8);

    private final TimeSeries history = SyntheticSeries.series(SyntheticSeries.noisySine(3 * DAY, 5));

    @Test
    void closedModelRefusesToForecast() {
        LstmModel model = new LstmForecaster(TINY).fit(history, ForecastSettings.daily(STEP, 6, 9));
        model.close();
        model.close();
        assertThatThrownBy(() -> model.forecast(history, 6))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("lstm model is closed");
    }

    @Test
    void closingWhileServingLetsRunningForecastsFinishAndRefusesLaterOnes() throws Exception {
        LstmModel model = new LstmForecaster(TINY).fit(history, ForecastSettings.daily(STEP, 6, 9));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger served = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        try {
            List<Future<String>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> serveUntilClosed(model, served, started)));
            }
            started.await();
            model.close();
            for (Future<String> worker : workers) {
                assertThat(worker.get()).contains("lstm model is closed");
            }
            assertThat(served.get()).isGreaterThanOrEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    private String serveUntilClosed(LstmModel model, AtomicInteger served, CountDownLatch started) {
        while (true) {
            try {
                model.forecast(history, 6);
                served.incrementAndGet();
                started.countDown();
            } catch (ForecastException e) {
                return e.getMessage();
            }
        }
    }
}
