/**
 * The {@code lstm} forecaster: a small quantile LSTM on DJL's PyTorch engine (CPU, one thread).
 *
 * <p>Pieces, in the order data flows:
 * <ul>
 *   <li>{@code SeriesScaler}: {@code log1p(x / median)}, standardised;
 *       the constants go into the manifest.</li>
 *   <li>{@code FeatureLayout} and
 *       {@code WindowFeatures}: per origin, the recent window beside the
 *       same window a season earlier plus clock phases (hour, two hours, day; week from eight days of
 *       history), and aligned lags (a season, one and two hours before each horizon step) with recent
 *       summaries.</li>
 *   <li>{@code WindowDataset}: every gap-free window, split by time
 *       into training and the newest 20 % for validation.</li>
 *   <li>{@code LstmQuantileNetwork}: aligned linear path plus an
 *       LSTM-and-dense correction; p50 and p90 for the whole horizon in one pass, p90 = p50 + softplus.</li>
 *   <li>{@code PinballLoss},
 *       {@code LstmTrainingLoop}: Adam on the pinball loss, seeded
 *       batch order, early stopping with the best epoch restored.</li>
 *   <li>{@code QuantileCalibration}: split-conformal shift of p90 on
 *       the validation windows.</li>
 *   <li>{@code LstmModel}: the fitted model; a pool of predictors
 *       makes it safe to call from several threads.</li>
 * </ul>
 *
 * <p>Every forward pass runs with autograd on: see
 * {@code TorchRuntime#withAutograd} for the DJL defect this avoids.
 */
package dev.prescient.common.forecast.lstm;
