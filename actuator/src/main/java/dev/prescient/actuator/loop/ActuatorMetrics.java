package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The actuator's metrics, in Prometheus naming: {@code prescient_desired_replicas{workload}},
 * {@code prescient_forecast_peak{workload}}, {@code prescient_startup_delay_seconds{workload}},
 * {@code prescient_scale_actions_total{workload,direction}}, {@code prescient_holds_total{workload,reason}},
 * {@code prescient_leader}, {@code prescient_workload_demoted{workload}}, {@code prescient_demotions_total{workload}},
 * {@code prescient_workloads_skipped_total{workload,reason}}, {@code prescient_tick_duration_seconds},
 * {@code prescient_forecasts_rejected_total{workload,reason}}, {@code prescient_hpa_retunes_total{workload}},
 * {@code prescient_hpa_targets_unsupported_total{workload}}, {@code prescient_predictor_circuit_open}; the
 * asynchronous writes of Events and statuses: {@code prescient_write_queue_depth},
 * {@code prescient_writes_total{kind}}, {@code prescient_writes_skipped_total{kind,reason}},
 * {@code prescient_writes_dropped_total{kind,reason}}, {@code prescient_write_failures_total{kind}},
 * {@code prescient_write_lag_seconds{kind}}.
 */
public class ActuatorMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private final AtomicReference<Double> breakerOpen = new AtomicReference<>(0.0);

    public ActuatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("prescient.predictor.circuit.open", breakerOpen, AtomicReference::get)
                .description("1 while the circuit breaker in front of the predictor is open: ticks do not call it")
                .strongReference(true)
                .register(registry);
    }

    public void leader(Leadership leadership) {
        Gauge.builder("prescient.leader", leadership, l -> l.isLeader() ? 1 : 0)
                .description("1 while this instance leads (holds the lease and renewed it within the renew deadline)")
                .strongReference(true)
                .register(registry);
    }

    public void decided(String workload, int desiredReplicas, double forecastPeak) {
        gauge("prescient.desired.replicas", workload, "replicas (or HPA floor) the last decision asked for")
                .set((double) desiredReplicas);
        gauge("prescient.forecast.peak", workload, "forecast peak rate the last decision sized for (NaN on hold)")
                .set(forecastPeak);
    }

    public void startupDelay(String workload, Duration delay) {
        gauge("prescient.startup.delay.seconds", workload, "start-up delay used for the workload")
                .set(delay.toMillis() / 1000.0);
    }

    /** A change applied to the target; {@code direction} is {@code up} or {@code down}. */
    public void scaled(String workload, String direction) {
        Counter.builder("prescient.scale.actions")
                .description("changes applied to targets")
                .tags("workload", workload, "direction", direction)
                .register(registry).increment();
    }

    /** A tick that left the workload as it was, with the reason's tag. */
    public void held(String workload, String reason) {
        Counter.builder("prescient.holds")
                .description("decisions that held the workload, by reason")
                .tags("workload", workload, "reason", reason)
                .register(registry).increment();
    }

    /**
     * A workload a tick did not decide: {@code deadline} (the tick ran out of time before it) or {@code leader-lost}
     * (leadership was lost before or while deciding it).
     */
    public void skipped(String workload, String reason) {
        Counter.builder("prescient.workloads.skipped")
                .description("workloads a tick did not decide, by reason")
                .tags("workload", workload, "reason", reason)
                .register(registry).increment();
    }

    /** How long a tick as leader took. */
    public void tickDuration(Duration duration) {
        Timer.builder("prescient.tick.duration")
                .description("time one tick as leader took over every workload")
                .register(registry).record(duration);
    }

    /** Whether the circuit breaker in front of the predictor is open (1): ticks do not call it. */
    public void predictorBreakerOpen(boolean open) {
        breakerOpen.set(open ? 1.0 : 0.0);
    }

    /** A forecast the actuator refused before the policy saw it; {@code reason} e.g. {@code future}. */
    public void forecastRejected(String workload, String reason) {
        Counter.builder("prescient.forecasts.rejected")
                .description("forecasts refused by the actuator, by reason")
                .tags("workload", workload, "reason", reason)
                .register(registry).increment();
    }

    /** The HPA under the floor was retuned to the learnt reactive setting. */
    public void hpaRetuned(String workload) {
        Counter.builder("prescient.hpa.retunes")
                .description("patches of the HPA under the floor to the learnt reactive setting")
                .tags("workload", workload)
                .register(registry).increment();
    }

    /** {@code metrics} HPA metric targets could not express the learnt reactive target and were left as they are. */
    public void hpaTargetsUnsupported(String workload, int metrics) {
        Counter.builder("prescient.hpa.targets.unsupported")
                .description("HPA metric targets left as they are because they cannot express the learnt target, "
                        + "counted at each decision")
                .tags("workload", workload)
                .register(registry).increment(metrics);
    }

    /** Whether the workload's forecasts are demoted now (1) or used (0); the demotion counter starts at 0. */
    public void demoted(String workload, boolean demoted) {
        gauge("prescient.workload.demoted", workload, "1 while the workload's forecasts are demoted for poor accuracy")
                .set(demoted ? 1.0 : 0.0);
        demotions(workload);
    }

    /** The workload's forecasts were just demoted. */
    public void demotion(String workload) {
        demotions(workload).increment();
    }

    private Counter demotions(String workload) {
        return Counter.builder("prescient.demotions")
                .description("times the workload's forecasts were demoted for poor accuracy")
                .tags("workload", workload)
                .register(registry);
    }

    /** The writes waiting in the asynchronous writer's queue. */
    public void writeQueue(Supplier<Number> depth) {
        Gauge.builder("prescient.write.queue.depth", depth, d -> d.get().doubleValue())
                .description("Events and statuses waiting to be written off the decision path")
                .strongReference(true)
                .register(registry);
    }

    /** An Event or status ({@code kind}) written, {@code lag} after it was queued. */
    public void written(String kind, Duration lag) {
        Counter.builder("prescient.writes")
                .description("Events and statuses written off the decision path")
                .tags("kind", kind)
                .register(registry).increment();
        Timer.builder("prescient.write.lag")
                .description("time from queueing an Event or status to its write")
                .tags("kind", kind)
                .register(registry).record(lag);
    }

    /**
     * Writes not made because they would repeat what is there: {@code repeated} (an Event identical to the last one),
     * {@code superseded} (a status replaced by a newer one before it was written), {@code unchanged} (a status that
     * says what the last one written said).
     */
    public void writesSkipped(String kind, String reason, int count) {
        Counter.builder("prescient.writes.skipped")
                .description("Events and statuses not written because they would repeat what is there, by reason")
                .tags("kind", kind, "reason", reason)
                .register(registry).increment(count);
    }

    /** Writes given up: {@code queue-full}, {@code leader-lost} or {@code shutdown}. */
    public void writesDropped(String kind, String reason, int count) {
        Counter.builder("prescient.writes.dropped")
                .description("Events and statuses dropped unwritten, by reason")
                .tags("kind", kind, "reason", reason)
                .register(registry).increment(count);
    }

    /** A write the API server refused or that failed. */
    public void writeFailed(String kind) {
        Counter.builder("prescient.write.failures")
                .description("Events and statuses whose write failed")
                .tags("kind", kind)
                .register(registry).increment();
    }

    private AtomicReference<Double> gauge(String name, String workload, String description) {
        return gauges.computeIfAbsent(name + "|" + workload, k -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, value, AtomicReference::get)
                    .description(description)
                    .tags("workload", workload)
                    .strongReference(true)
                    .register(registry);
            return value;
        });
    }
}
