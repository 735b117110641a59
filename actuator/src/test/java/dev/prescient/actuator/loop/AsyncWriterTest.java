package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.LogCapture;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The asynchronous writer of Events and statuses, on sinks that record what reaches them and a clock the test moves:
 * off the caller's thread, identical Events aggregated, the newest status written and an unchanged hold skipped, a
 * full queue dropping with one log line, leadership loss dropping what waits, a failure counted.
 */
class AsyncWriterTest {

    private static final Duration REPEAT = Duration.ofMinutes(30);
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final TargetRef API = new TargetRef(TargetKind.Deployment, "api");
    private static final TargetRef WEB = new TargetRef(TargetKind.Deployment, "web");
    private static final TargetEvent HOLD = new TargetEvent(true, "PredictiveHold", "hold (forecast-missing): x");
    private static final WorkloadSpec SPEC = Fixtures.spec("shop", "api", ScalingMode.HPA_FLOOR, 1, 20);
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final Events events = new Events();
    private final List<Optional<Decision>> statuses = new CopyOnWriteArrayList<>();
    private final StatusWriter statusSink = (spec, decision, at) -> statuses.add(decision);
    private AsyncWriter writer;

    @AfterEach
    void tearDown() {
        if (writer != null) {
            writer.close();
        }
    }

    private AsyncWriter writer(int capacity) {
        return writer(capacity, 2);
    }

    private AsyncWriter writer(int capacity, int workers) {
        Leadership leadership = new Leadership() {
            @Override
            public boolean isLeader() {
                return leading.get();
            }

            @Override
            public String identity() {
                return "a";
            }
        };
        writer = new AsyncWriter(new AsyncWriter.Settings(capacity, workers, REPEAT), leadership,
                new ActuatorMetrics(registry), new OnceReporter(), clock::get);
        return writer;
    }

    @Test
    void writesAnEventOffTheCallersThreadOnceTheTickResumesTheWriter() {
        AsyncWriter w = writer(100);
        QueuedEvents queued = new QueuedEvents(events, w);
        w.pause();

        queued.record("shop", API, Optional.of("uid-1"), HOLD);

        assertThat(w.awaitIdle(Duration.ofMillis(300))).as("nothing written while a tick runs").isFalse();
        assertThat(events.written).isEmpty();
        assertThat(w.depth()).isEqualTo(1);
        w.resume();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).containsExactly("api PredictiveHold");
        assertThat(events.threads).singleElement().asString().startsWith("prescient-writer-")
                .isNotEqualTo(Thread.currentThread().getName());
        assertThat(count("prescient.writes", "kind", "event")).isEqualTo(1.0);
    }

    @Test
    void skipsAnEventIdenticalToTheLastOneOnItsObjectUntilRepeatAfterHasPassed() {
        AsyncWriter w = writer(100);
        w.event(events, "shop", API, Optional.empty(), HOLD);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        w.event(events, "shop", API, Optional.empty(), HOLD);
        w.event(events, "shop", WEB, Optional.empty(), HOLD);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).as("the repeat on api skipped, web's first written")
                .containsExactlyInAnyOrder("api PredictiveHold", "web PredictiveHold");

        clock.addAndGet(REPEAT.toNanos());
        w.event(events, "shop", API, Optional.empty(), HOLD);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).as("written again once the last is repeat-after old").hasSize(3);
        assertThat(count("prescient.writes.skipped", "reason", "repeated")).isEqualTo(1.0);
    }

    @Test
    void writesAnEventAgainWhenAnotherCameInBetweenOnItsObject() {
        AsyncWriter w = writer(100);
        TargetEvent up = new TargetEvent(false, "PredictiveScaleUp", "scaled 3→7");
        for (TargetEvent e : List.of(HOLD, up, HOLD, new TargetEvent(true, "PredictiveHold", "hold (stale): y"))) {
            w.event(events, "shop", API, Optional.empty(), e);
            assertThat(w.awaitIdle(LIMIT)).isTrue();
        }
        assertThat(events.written).containsExactly("api PredictiveHold", "api PredictiveScaleUp",
                "api PredictiveHold", "api PredictiveHold");
        assertThat(count("prescient.writes.skipped", "reason", "repeated")).isZero();
    }

    @Test
    void mergesIdenticalEventsWaitingAndKeepsDifferentOnesInOrder() {
        AsyncWriter w = writer(100);
        TargetEvent up = new TargetEvent(false, "PredictiveScaleUp", "scaled 3→7");
        w.pause();
        w.event(events, "shop", API, Optional.empty(), HOLD);
        w.event(events, "shop", API, Optional.empty(), HOLD);
        w.event(events, "shop", API, Optional.empty(), HOLD);
        w.event(events, "shop", API, Optional.empty(), up);
        assertThat(w.depth()).isEqualTo(2);
        w.resume();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).containsExactly("api PredictiveHold", "api PredictiveScaleUp");
        assertThat(count("prescient.writes.skipped", "reason", "repeated")).isEqualTo(2.0);
    }

    @Test
    void writesTheNewestWaitingStatusOfAWorkload() {
        AsyncWriter w = writer(100);
        QueuedStatus queued = new QueuedStatus(statusSink, w);
        w.pause();
        queued.decided(SPEC, Optional.of(change(5, "first")), NOW);
        queued.decided(SPEC, Optional.of(change(7, "second")), NOW.plusSeconds(300));
        w.resume();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(statuses).singleElement().satisfies(d -> assertThat(d.orElseThrow().reason()).isEqualTo("second"));
        assertThat(count("prescient.writes.skipped", "reason", "superseded")).isEqualTo(1.0);
    }

    /** Each row: the decision written first, the next one, whether the next one is written. */
    @ParameterizedTest(name = "{0} then {1}: written {2}")
    @CsvSource({
            "hold,          hold,           false",
            "hold,          hold-other,     true",
            "hold,          hold-7,         true",
            "hold,          hold-spec,      true",
            "none,          none,           false",
            "none,          hold,           true",
            "change,        change,         true",
    })
    void skipsAStatusThatSaysWhatTheLastOneWrittenSaidApartFromTimestamps(String first, String next,
                                                                            boolean written) {
        AsyncWriter w = writer(100);
        status(w, first, NOW);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        status(w, next, NOW.plusSeconds(300));
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(statuses).hasSize(written ? 2 : 1);
        assertThat(count("prescient.writes.skipped", "reason", "unchanged")).isEqualTo(written ? 0.0 : 1.0);
    }

    @Test
    void writesAnUnchangedHoldAgainOnceRepeatAfterHasPassed() {
        AsyncWriter w = writer(100);
        status(w, "hold", NOW);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        clock.addAndGet(REPEAT.toNanos());
        status(w, "hold", NOW.plus(REPEAT));
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(statuses).hasSize(2);
    }

    @Test
    void countsAFailedStatusWriteAndWritesTheSameHoldAgainWithTheNextDecision() {
        AsyncWriter w = writer(100);
        AtomicBoolean fail = new AtomicBoolean(true);
        StatusWriter refusing = (spec, decision, at) -> {
            if (fail.get()) {
                throw new KubernetesClientException("etcd timeout", 500, null);
            }
            statuses.add(decision);
        };
        Optional<Decision> hold = Optional.of(hold(3, HoldReason.FORECAST_MISSING, "hold (forecast-missing): down"));
        try (LogCapture log = LogCapture.of(AsyncWriter.class)) {
            new QueuedStatus(refusing, w).decided(SPEC, hold, NOW);
            assertThat(w.awaitIdle(LIMIT)).isTrue();
            assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("(HTTP 500): etcd timeout");
        }
        assertThat(count("prescient.write.failures", "kind", "status")).isEqualTo(1.0);
        fail.set(false);
        new QueuedStatus(refusing, w).decided(SPEC, hold, NOW.plusSeconds(300));
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(statuses).as("a failed status is not remembered as written, so the same hold is not skipped")
                .hasSize(1);
    }

    @Test
    void dropsWritesBeyondTheCapacityWithOneWarningAndSaysHowManyOnceThereIsRoom() {
        AsyncWriter w = writer(2, 1);
        try (LogCapture log = LogCapture.of(AsyncWriter.class)) {
            w.pause();
            for (String name : List.of("a", "b", "c", "d")) {
                w.event(events, "shop", new TargetRef(TargetKind.Deployment, name), Optional.empty(), HOLD);
            }
            assertThat(w.depth()).isEqualTo(2);
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("async write queue full (2 waiting, prescient.actuator.writes.queue-capacity): "
                            + "dropped Event PredictiveHold on Deployment shop/c");
            w.resume();
            assertThat(w.awaitIdle(LIMIT)).isTrue();
            w.event(events, "shop", API, Optional.empty(), HOLD);
            assertThat(w.awaitIdle(LIMIT)).isTrue();

            assertThat(events.written).containsExactly("a PredictiveHold", "b PredictiveHold", "api PredictiveHold");
            assertThat(log.messages(Level.WARNING)).last().isEqualTo(
                    "async write queue has room again: 2 Events and statuses were dropped while it was full");
        }
        assertThat(count("prescient.writes.dropped", "reason", "queue-full")).isEqualTo(2.0);
    }

    @Test
    void dropsEverythingWaitingWhenAWriteIsRefusedForLostLeadership() {
        AsyncWriter w = writer(100, 1);
        events.refuse.set(true);
        w.pause();
        w.event(events, "shop", API, Optional.empty(), HOLD);
        w.event(events, "shop", WEB, Optional.empty(), HOLD);
        new QueuedStatus(statusSink, w).decided(SPEC, Optional.empty(), NOW);
        try (LogCapture log = LogCapture.of(AsyncWriter.class)) {
            w.resume();
            assertThat(w.awaitIdle(LIMIT)).isTrue();
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .contains("no longer leads").contains("dropped 3 waiting Events and statuses");
        }
        assertThat(events.written).isEmpty();
        assertThat(statuses).isEmpty();
        assertThat(count("prescient.writes.dropped", "reason", "leader-lost")).isEqualTo(3.0);
    }

    @Test
    void writesNoStatusOnceThisInstanceNoLongerLeads() {
        AsyncWriter w = writer(100);
        leading.set(false);
        new QueuedStatus(statusSink, w).decided(SPEC, Optional.empty(), NOW);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(statuses).isEmpty();
        assertThat(count("prescient.writes.dropped", "reason", "leader-lost")).isEqualTo(1.0);
    }

    @Test
    void aLastingProblemWhoseEventWasLostIsReportedAgainAndOnceWrittenNotAgain() {
        AsyncWriter w = writer(100);
        QueuedEvents queued = new QueuedEvents(events, w);
        OnceReporter problems = new OnceReporter();
        TargetEvent missing = new TargetEvent(true, "PredictiveHpaMissing", "no HPA targets Deployment shop/api");
        Runnable tick = () -> problems.report("shop/api|hpa-missing",
                () -> queued.record("shop", API, Optional.empty(), missing));
        events.failOn.set("api");

        tick.run();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).isEmpty();
        assertThat(problems.isActive("shop/api|hpa-missing")).as("the lost Event withdrew its report").isFalse();

        events.failOn.set("none");
        tick.run();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        tick.run();
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).as("reported again once, then not again while it lasts")
                .containsExactly("api PredictiveHpaMissing");
        assertThat(problems.isActive("shop/api|hpa-missing")).isTrue();
    }

    @Test
    void aLastingProblemWhoseEventWasDroppedFromAFullQueueIsReportedAgain() {
        AsyncWriter w = writer(1);
        QueuedEvents queued = new QueuedEvents(events, w);
        OnceReporter problems = new OnceReporter();
        w.pause();
        queued.record("shop", WEB, Optional.empty(), HOLD);
        problems.report("shop/api|target-missing", () -> queued.record("shop", API, Optional.empty(),
                new TargetEvent(true, "PredictiveTargetMissing", "Deployment shop/api not found")));
        assertThat(problems.isActive("shop/api|target-missing")).isFalse();
        assertThat(OnceReporter.withdrawal()).as("outside a report nothing is withdrawn").isNotNull();
        w.resume();
    }

    @Test
    void countsAFailedWriteAndGoesOnWithTheOthers() {
        AsyncWriter w = writer(100);
        events.failOn.set("api");
        try (LogCapture log = LogCapture.of(AsyncWriter.class)) {
            w.event(events, "shop", API, Optional.empty(), HOLD);
            w.event(events, "shop", WEB, Optional.empty(), HOLD);
            assertThat(w.awaitIdle(LIMIT)).isTrue();
            assertThat(log.messages(Level.WARNING)).singleElement().isEqualTo(
                    "cannot write Event PredictiveHold on Deployment shop/api (HTTP 500): etcd timeout; the decision "
                            + "stands");
        }
        assertThat(events.written).containsExactly("web PredictiveHold");
        assertThat(count("prescient.write.failures", "kind", "event")).isEqualTo(1.0);
        events.failOn.set("none");
        w.event(events, "shop", API, Optional.empty(), HOLD);
        assertThat(w.awaitIdle(LIMIT)).isTrue();
        assertThat(events.written).as("a failed write is not remembered as written").hasSize(2);
    }

    @Test
    void reportsAMissingPermissionOnce() {
        AsyncWriter w = writer(100);
        events.forbid.set(true);
        try (LogCapture log = LogCapture.of(AsyncWriter.class)) {
            w.event(events, "shop", API, Optional.empty(), HOLD);
            w.event(events, "shop", WEB, Optional.empty(), HOLD);
            assertThat(w.awaitIdle(LIMIT)).isTrue();
            assertThat(log.messages(Level.SEVERE)).singleElement().asString()
                    .startsWith("forbidden: the actuator may not create events in namespace shop");
        }
        assertThat(count("prescient.write.failures", "kind", "event")).isEqualTo(2.0);
    }

    @Test
    void drainsWhatWaitsWhenClosedAndDropsWhatComesAfter() {
        AsyncWriter w = writer(100);
        events.gate = new CountDownLatch(1);
        w.event(events, "shop", API, Optional.empty(), HOLD);
        Await.until("the write started", () -> events.started.get() == 1, LIMIT);
        w.event(events, "shop", WEB, Optional.empty(), HOLD);
        events.gate.countDown();
        w.close(LIMIT);
        assertThat(events.written).containsExactlyInAnyOrder("api PredictiveHold", "web PredictiveHold");
        w.event(events, "shop", API, Optional.empty(), new TargetEvent(false, "Late", "after close"));
        assertThat(count("prescient.writes.dropped", "reason", "shutdown")).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0  | 2 | 30m | prescient.actuator.writes.queue-capacity must be at least 1, got 0",
            "10 | 0 | 30m | prescient.actuator.writes.workers must be at least 1, got 0",
            "10 | 2 | -1s | prescient.actuator.writes.repeat-after must be >= 0, got PT-1S",
    })
    void refusesSettingsNamingTheKey(int capacity, int workers, String repeat, String message) {
        Duration repeatAfter = Duration.parse("PT" + repeat.toUpperCase());
        assertThatThrownBy(() -> new AsyncWriter.Settings(capacity, workers, repeatAfter))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private void status(AsyncWriter w, String what, Instant at) {
        WorkloadSpec spec = what.equals("hold-spec")
                ? Fixtures.spec("shop", "api", ScalingMode.HPA_FLOOR, 2, 20) : SPEC;
        Optional<Decision> decision = switch (what) {
            case "none" -> Optional.empty();
            case "change" -> Optional.of(change(7, "scaled 3→7 over " + at));
            case "hold-other" -> Optional.of(hold(3, HoldReason.FORECAST_STALE, "hold (forecast-stale): old"));
            case "hold-7" -> Optional.of(hold(7, HoldReason.FORECAST_MISSING, "hold (forecast-missing): down"));
            default -> Optional.of(hold(3, HoldReason.FORECAST_MISSING, "hold (forecast-missing): down"));
        };
        new QueuedStatus(statusSink, w).decided(spec, decision, at);
    }

    private static Decision hold(int replicas, HoldReason reason, String message) {
        return new Decision(Decision.Action.HOLD, replicas, 0, Double.NaN, NOW, NOW.plusSeconds(300),
                Optional.of(reason), message);
    }

    private static Decision change(int replicas, String message) {
        return new Decision(Decision.Action.SCALE_UP, replicas, replicas, 612, NOW, NOW.plusSeconds(300),
                Optional.empty(), message);
    }

    private double count(String name, String tag, String value) {
        return registry.find(name).tags(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Records the Events that reach it and the threads that wrote them; can fail, refuse or hold a write. */
    private static final class Events extends ForwardingScaleTarget {
        final List<String> written = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();
        final AtomicBoolean forbid = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicReference<String> failOn =
                new java.util.concurrent.atomic.AtomicReference<>("none");
        final AtomicLong started = new AtomicLong();
        volatile CountDownLatch gate = new CountDownLatch(0);

        Events() {
            super((ScaleTarget) null);
        }

        @Override
        public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
            started.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (refuse.get()) {
                throw new LeadershipLostException("a", "write Event " + event.reason());
            }
            if (forbid.get()) {
                throw new TargetForbiddenException("create", "events", namespace, null);
            }
            if (ref.name().equals(failOn.get())) {
                throw new KubernetesClientException("etcd timeout", 500, null);
            }
            written.add(ref.name() + " " + event.reason());
            threads.add(Thread.currentThread().getName());
        }
    }
}
