/**
 * The {@code lstm} forecaster: a small quantile LSTM on DJL's PyTorch engine (CPU, one thread).
 *
 * <p>Pieces, in the order data flows:
 * <ul>
 *   <li>{@link dev.prescient.common.forecast.lstm.SeriesScaler}: {@code log1p(x / median)}, standardised;
 *       the constants go into the manifest.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.FeatureLayout} and
 *       {@link dev.prescient.common.forecast.lstm.WindowFeatures}: per origin, the recent window beside the
 *       same window a season earlier plus clock phases (hour, two hours, day; week from eight days of
 *       history), and aligned lags (a season, one and two hours before each horizon step) with recent
 *       summaries.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.WindowDataset}: every gap-free window, split by time
 *       into training and the newest 20 % for validation.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.LstmQuantileNetwork}: aligned linear path plus an
 *       LSTM-and-dense correction; p50 and p90 for the whole horizon in one pass, p90 = p50 + softplus.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.PinballLoss},
 *       {@link dev.prescient.common.forecast.lstm.LstmTrainingLoop}: Adam on the pinball loss, seeded
 *       batch order, early stopping with the best epoch restored.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.QuantileCalibration}: split-conformal shift of p90 on
 *       the validation windows.</li>
 *   <li>{@link dev.prescient.common.forecast.lstm.LstmModel}: the fitted model; a pool of predictors
 *       makes it safe to call from several threads.</li>
 * </ul>
 *
 * <p>Every forward pass runs with autograd on: see
 * {@link dev.prescient.common.forecast.lstm.TorchRuntime#withAutograd} for the DJL defect this avoids.
 */
package dev.prescient.common.forecast.lstm;
