package dev.prescient.actuator.loop;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** Most workloads a tick reconciles at once (each on its own thread). */
    @WithDefault("8")
    int concurrency();

    /**
     * How long a tick waits for one workload once it started; a workload still running then is left to finish in the
     * background (counted in {@code prescient_workloads_skipped_total{reason="workload-deadline"}}) and skipped by
     * later ticks while it runs ({@code still-running}).
     */
    @WithDefault("10s")
    Duration workloadDeadline();

    /** How often a 409 Conflict makes the actuator re-read the target and decide again within one tick. */
    @WithDefault("3")
    int conflictRetries();

    Predictor predictor();

    Policy policy();

    StartupDelay startupDelay();

    LeaderElection leaderElection();

    Demotion demotion();

    HpaFloor hpaFloor();

    Writes writes();

    /**
     * Events and PredictiveScaler statuses: written off the decision path, after the tick's scale writes, by a small
     * pool from a bounded queue (see {@code AsyncWriter}).
     */
    interface Writes {

        /** Most Events and statuses waiting; a new one beyond is dropped (counted, logged). */
        @WithDefault("10000")
        int queueCapacity();

        /** Threads writing them. */
        @WithDefault("2")
        int workers();

        /**
         * An Event identical to the last one written on its object, or a hold's status unchanged since the last one
         * written, is skipped until the last write is this old (Events expire after the API server's one-hour TTL).
         */
        @WithDefault("30m")
        Duration repeatAfter();
    }

    /** hpa-floor mode. */
    interface HpaFloor {

        /**
         * A hold that lasts this long hands a floor Prescient raised back to the HPA (its original minReplicas is
         * written back) when no demand is observed to decay it by; shorter holds keep it, so a predictor blip does
         * not rewrite every HPA twice. {@code 0s}: at the first hold.
         */
        @WithDefault("10m")
        Duration handbackAfter();
    }

    /** Calling the predictor; its URL and timeouts are {@code quarkus.rest-client.predictor.*}. */
    interface Predictor {

        /** Further attempts after a 5xx answer or a failed connection; a 4xx is not retried. */
        @WithDefault("3")
        int retries();

        /**
         * Most workloads per {@code POST /forecasts}; a tick with more sends several calls. At most the predictor's
         * {@code prescient.predictor.max-batch-workloads}.
         */
        @WithDefault("1000")
        int batchSize();

        /**
         * After the predictor could not be reached (connection refused or timed out), ticks within this long do not
         * call it (circuit breaker open; every workload holds {@code forecast-missing}); the first tick after it tries
         * one call.
         */
        @WithDefault("1m")
        Duration breakerDelay();

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

    /**
     * How fast the shared scaling policy may move; every default equals {@code PolicySettings.defaults()}, the
     * settings the backtest measures (how much a workload needs is not configured: it is the sizing learnt with its
     * model). The decision interval is {@code prescient.actuator.interval}.
     */
    interface Policy {

        /** A scale-down goes only to the highest recommendation within this window (the learnt hold if longer). */
        @WithDefault("5m")
        Duration scaleDownStabilization();

        /** Most replicas one decision removes; unset = no limit (the Kubernetes HPA's default). */
        OptionalInt maxScaleDownStep();

        /** One decision raises to at most current × (1 + this / 100) ... */
        @WithDefault("100")
        int scaleUpMaxPercent();

        /** ... or current + this, whichever is higher. */
        @WithDefault("4")
        int scaleUpMaxPods();

        /** A forecast older than this makes the actuator hold; default two intervals, at least 10m. */
        Optional<Duration> maxForecastAge();

        /** Hold when the predictor answered from a fallback forecaster instead of a trained model. */
        @WithDefault("true")
        boolean holdOnFallback();

        /**
         * Scale each remembered peak down by how much quieter the last this-long runs than the same minutes of that
         * day; 0 keeps remembered peaks as observed.
         */
        @WithDefault("5m")
        Duration memoryLevelWindow();

        /** A forecast peaking above this multiple of the highest demand observed is implausible: hold. */
        @WithDefault("3")
        double maxForecastRatio();
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

        /**
         * Read targets, HPAs and Pods from informer caches (one watch per kind and namespace of the workloads, or per
         * kind over all namespaces when they span more than 10 namespaces) instead of a GET and LISTs
         * per workload and tick. Off: every read goes to the API server.
         */
        @WithDefault("true")
        boolean informers();
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
