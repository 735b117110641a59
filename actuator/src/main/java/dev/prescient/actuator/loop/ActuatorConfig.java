package dev.prescient.actuator.loop;

import dev.prescient.common.policy.burst.BurstSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code prescient.actuator.*}: what the actuator scales, how often, and how carefully. */
@ConfigMapping(prefix = "prescient.actuator")
public interface ActuatorConfig {

    /** The workloads file shared with trainer and predictor. */
    @WithDefault("/etc/prescient/workloads.yaml")
    Path workloadsFile();

    /** Time between two decisions for every workload. */
    @WithDefault("5m")
    Duration interval();

    /** Wait after start-up before the first tick (read by {@link ScheduledTick}). */
    @WithDefault("20s")
    Duration firstTickDelay();

    /**
     * Longest a tick runs before it stops starting workloads: those not reached are skipped (counted in
     * {@code prescient_workloads_skipped_total{reason="deadline"}}) and come first in the next tick. Must be shorter
     * than the lease duration; default four fifths of it.
     */
    Optional<Duration> tickDeadline();

    /** How often a 409 Conflict makes the actuator re-read the target and decide again within one tick. */
    @WithDefault("3")
    int conflictRetries();

    Predictor predictor();

    Policy policy();

    StartupDelay startupDelay();

    LeaderElection leaderElection();

    Demotion demotion();

    /** Calling the predictor; its URL and timeouts are {@code quarkus.rest-client.predictor.*}. */
    interface Predictor {

        /** Further attempts after a 5xx answer or a failed connection; a 4xx is not retried. */
        @WithDefault("3")
        int retries();

        /** Wait before the first retry, doubled before each further one. */
        @WithDefault("1s")
        Duration backoff();

        /** Longest wait between two attempts. */
        @WithDefault("10s")
        Duration maxBackoff();

        /**
         * A forecast whose {@code generatedAt} lies more than this ahead of the actuator's clock is refused (held as
         * missing, counted in {@code prescient_forecasts_rejected_total{reason="future"}}).
         */
        @WithDefault("30s")
        Duration maxClockSkew();

        /**
         * File holding the bearer token the predictor requires ({@code prescient.predictor.auth.token-file}, the
         * same Secret), sent as {@code Authorization: Bearer <token>}; unset: no header is sent.
         */
        Optional<Path> tokenFile();
    }

    /** Settings of the shared scaling policy. */
    interface Policy {

        /**
         * Forecast quantile that sizes the workload: 0.5 or 0.9. The default is the backtest's recommended setup
         * (median sizing, with the remembered same-window peaks as the guard for bursts).
         */
        @WithDefault("0.5")
        double quantile();

        /** A scale-down goes only to the highest recommendation within this window. */
        @WithDefault("10m")
        Duration scaleDownStabilization();

        /** Most replicas one decision removes. */
        @WithDefault("5")
        int maxScaleDownStep();

        /** A forecast older than this makes the actuator hold; default two intervals. */
        Optional<Duration> maxForecastAge();

        /** Hold when the predictor answered from a fallback forecaster instead of a trained model. */
        @WithDefault("true")
        boolean holdOnFallback();

        /** Never size below the demand observed over the same window on each of this many past days. */
        @WithDefault("3")
        int seasonalMemoryDays();

        /**
         * Scale each remembered peak by how much quieter the last this-long runs than the same minutes of that day
         * (or busier, up to twice); 0 keeps remembered peaks as observed. Default: the backtest's recommended 5m.
         */
        @WithDefault("5m")
        Duration memoryLevelWindow();

        /** The recurring-burst cover (see common {@code policy.burst.RecurringBurstModel}). */
        Bursts bursts();
    }

    /**
     * Covers the onsets of recurring bursts (same minutes of the hour, not every hour) learnt from the workload's
     * history. Works best with {@code prescient.actuator.interval=1m}: a cover is released a minute after an expected
     * burst failed to come.
     */
    interface Bursts {

        /** Off: the policy sizes from the forecast and the remembered peaks alone. */
        @WithDefault("true")
        boolean enabled();

        /** Cover an onset when p / (1 - p) >= this × the pods it adds; lower covers more. */
        @WithDefault("" + BurstSettings.DEFAULT_COST_WEIGHT)
        double costWeight();

        /** Size the cover for this quantile of past bursts' peak-over-level ratios at that minute. */
        @WithDefault("0.9")
        double heightQuantile();

        /** A step bursts when its demand exceeds this multiple of the level before it. */
        @WithDefault("1.5")
        double confirmRatio();

        /** How long after an onset a confirmed burst stays covered before the reactive scaling carries it. */
        @WithDefault("3m")
        Duration hold();

        /** History the burst model learns from, refitted every 24 hours. */
        @WithDefault("3d")
        Duration history();
    }

    /**
     * Demotion: a workload whose forecasts the predictor reports as inaccurate ({@code accuracy} in
     * {@code /forecast}) stops using them until they are accurate again (see common {@code accuracy.Demotion}).
     */
    interface Demotion {

        /** Off: the forecasts are always used, whatever their accuracy. */
        @WithDefault("true")
        boolean enabled();

        /** The judged window's MASE (against the one-day seasonal naive) above this demotes. */
        @WithDefault("1.2")
        double maxMase();

        /** The judged window's p90 coverage (0..1) below this demotes. */
        @WithDefault("0.70")
        double minP90Coverage();

        /** The window judged: 24h or 1h. */
        @WithDefault("24h")
        Duration window();

        /** Judge a window only once its scored steps cover this share of it. */
        @WithDefault("0.25")
        double minScoredFraction();

        /** Re-enable once the accuracy has been within both limits at every tick for this long. */
        @WithDefault("2h")
        Duration recoverAfter();
    }

    /** Measuring the start-up delay of workloads that do not configure one. */
    interface StartupDelay {

        /** Used when fewer than {@code min-pods} Ready Pods can be measured. */
        @WithDefault("3m")
        Duration fallback();

        /** Fewest Ready Pods that make a measurement. */
        @WithDefault("3")
        int minPods();

        /** Only the newest this many Pods count. */
        @WithDefault("50")
        int maxPods();

        /** A measured delay above this is capped to it, with a Warning Event {@code PredictiveStartupDelayCapped}. */
        @WithDefault("15m")
        Duration max();
    }

    /** The cluster the actuator acts on. */
    Kubernetes kubernetes();

    interface Kubernetes {

        /**
         * Off only where there is no cluster (the docker-compose stack): every workload must then be in dry-run,
         * targets are assumed to run at {@code minReplicas} without an HPA, Events go to the log, and leader
         * election is off.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Leader election on a {@code coordination.k8s.io} Lease. */
    interface LeaderElection {

        /** Off only for a single replica: every instance then acts. */
        @WithDefault("true")
        boolean enabled();

        /** Namespace of the Lease; default {@code POD_NAMESPACE}, else the client's namespace. */
        Optional<String> leaseNamespace();

        @WithDefault("prescient-actuator")
        String leaseName();

        /** This instance's identity; default {@code POD_NAME}, else {@code HOSTNAME}. */
        Optional<String> identity();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
