package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes Events and PredictiveScaler statuses off the decision path, as client-go's {@code EventBroadcaster} does: a
 * tick queues them ({@link QueuedEvents}, {@link QueuedStatus}) and goes on; {@code workers} threads write them from a
 * bounded {@link WriteQueue}, after the tick's scale writes (the queue is paused while a tick runs, so they never
 * slow a decision).
 * <ul>
 *   <li><b>Events aggregated</b>, as client-go's {@code EventCorrelator} does for identical Events: an Event with the
 *       type, reason and message of the last one written for its object within {@code repeatAfter} is not written
 *       again, only counted ({@code prescient_writes_skipped_total{kind="event",reason="repeated"}}); after that it is
 *       written anew, so a lasting hold stays visible within the API server's one-hour Event TTL. Identical Events
 *       still waiting are merged into one.</li>
 *   <li><b>Statuses deduplicated</b>: a newer status of a workload replaces the one waiting ({@code superseded}); a
 *       hold (or no decision) whose status says what the last one written said, apart from its timestamps, is not
 *       written ({@code unchanged}) until {@code repeatAfter} has passed.</li>
 *   <li><b>Bounded</b>: at {@code queueCapacity} waiting writes a new one is dropped
 *       ({@code prescient_writes_dropped_total{reason="queue-full"}}, one WARN line, then one when there is room
 *       again); a write refused because this instance no longer leads drops every waiting one
 *       ({@code leader-lost}).</li>
 *   <li><b>Fenced</b>: Events through the fenced {@code ScaleTarget}, statuses after {@link Leadership#confirm()}.</li>
 * </ul>
 */
public final class AsyncWriter implements WriteGate, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AsyncWriter.class);
    private static final long POLL_MILLIS = 200;

    /**
     * @param queueCapacity most writes waiting
     * @param workers threads writing
     * @param repeatAfter an identical Event, or an unchanged status, is written again once its last write is this old
     */
    public record Settings(int queueCapacity, int workers, Duration repeatAfter) {

        /** @throws IllegalArgumentException naming the {@code prescient.actuator.writes.*} key of a bad value */
        public Settings {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("prescient.actuator.writes.queue-capacity must be at least 1, got "
                        + queueCapacity);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("prescient.actuator.writes.workers must be at least 1, got "
                        + workers);
            }
            if (repeatAfter.isNegative()) {
                throw new IllegalArgumentException("prescient.actuator.writes.repeat-after must be >= 0, got "
                        + repeatAfter);
            }
        }

        public static Settings from(ActuatorConfig.Writes writes) {
            return new Settings(writes.queueCapacity(), writes.workers(), writes.repeatAfter());
        }
    }

    private record Written(Object what, long atNanos) {
    }

    private final Settings settings;
    private final Leadership leadership;
    private final ActuatorMetrics metrics;
    private final OnceReporter problems;
    private final LongSupplier nanoTime;
    private final WriteQueue<AsyncWrite> queue;
    private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();
    private final AtomicLong droppedWhileFull = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long prunedNanos;

    /**
     * @param problems reports a missing permission once (shared with the loop)
     * @param nanoTime monotonic nanoseconds, for {@code repeatAfter} and the lag
     */
    public AsyncWriter(Settings settings, Leadership leadership, ActuatorMetrics metrics, OnceReporter problems,
                       LongSupplier nanoTime) {
        this.settings = settings;
        this.leadership = leadership;
        this.metrics = metrics;
        this.problems = problems;
        this.nanoTime = nanoTime;
        this.queue = new WriteQueue<>(settings.queueCapacity());
        this.prunedNanos = nanoTime.getAsLong();
        metrics.writeQueue(queue::size);
        for (int i = 1; i <= settings.workers(); i++) {
            Thread t = new Thread(this::work, "prescient-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues an Event to write on a target through {@code sink}. */
    public void event(ScaleTarget sink, String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        event(sink, namespace, ref, uid, event, () -> { });
    }

    /** Queues an Event to write on a target through {@code sink}; {@code onLost} runs if it is never written. */
    public void event(ScaleTarget sink, String namespace, TargetRef ref, Optional<String> uid, TargetEvent event,
                      Runnable onLost) {
        offer(new AsyncWrite.EventWrite(sink, namespace, ref, uid, event, nanoTime.getAsLong(), onLost));
    }

    /** Queues a workload's decision for its status, written through {@code sink}. */
    public void status(StatusWriter sink, WorkloadSpec spec, Optional<Decision> decision, Instant at) {
        offer(new AsyncWrite.StatusWrite(sink, spec, decision, at, nanoTime.getAsLong()));
    }

    private void offer(AsyncWrite write) {
        if (closed.get()) {
            metrics.writesDropped(write.kind(), "shutdown", 1);
            lost(write);
            return;
        }
        WriteQueue.Offer offer = queue.offer(write.key(), write, AsyncWriter::merge);
        switch (offer) {
            case MERGED -> metrics.writesSkipped(write.kind(), write instanceof AsyncWrite.EventWrite
                    ? "repeated" : "superseded", 1);
            case FULL -> full(write);
            case QUEUED -> {
                long dropped = droppedWhileFull.getAndSet(0);
                if (dropped > 0) {
                    LOG.warnf("async write queue has room again: %d Events and statuses were dropped while it was "
                            + "full", dropped);
                }
            }
        }
    }

    private static AsyncWrite merge(AsyncWrite waiting, AsyncWrite newer) {
        if (waiting instanceof AsyncWrite.EventWrite e && newer instanceof AsyncWrite.EventWrite n) {
            return e.absorb(n);
        }
        if (waiting instanceof AsyncWrite.StatusWrite s && newer instanceof AsyncWrite.StatusWrite n) {
            return s.supersede(n);
        }
        return null;
    }

    /** {@code write} will not be made: an Event's report counts as not made. */
    private static void lost(AsyncWrite write) {
        if (write instanceof AsyncWrite.EventWrite e) {
            e.onLost().run();
        }
    }

    private void full(AsyncWrite write) {
        metrics.writesDropped(write.kind(), "queue-full", 1);
        lost(write);
        if (droppedWhileFull.getAndIncrement() == 0) {
            LOG.warnf("async write queue full (%d waiting, prescient.actuator.writes.queue-capacity): dropped %s; "
                    + "decisions go on, further drops are counted in prescient_writes_dropped_total"
                    + "{reason=\"queue-full\"} and summed up when there is room again", queue.size(), write.describe());
        }
    }

    @Override
    public void pause() {
        queue.pause();
    }

    @Override
    public void resume() {
        queue.resume();
    }

    /** Writes waiting. */
    public int depth() {
        return queue.size();
    }

    /** Nothing waiting and nothing being written. */
    public boolean idle() {
        return queue.idle();
    }

    /** Waits at most {@code limit} until {@link #idle()}; whether it is. */
    public boolean awaitIdle(Duration limit) {
        try {
            return queue.awaitIdle(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void work() {
        while (!closed.get()) {
            Optional<WriteQueue.Batch<AsyncWrite>> batch;
            try {
                batch = queue.take(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            batch.ifPresent(b -> {
                try {
                    write(b.writes());
                } finally {
                    queue.done(b.key());
                }
            });
        }
    }

    private void write(List<AsyncWrite> writes) {
        for (int i = 0; i < writes.size(); i++) {
            AsyncWrite w = writes.get(i);
            try {
                if (w instanceof AsyncWrite.EventWrite e) {
                    event(e);
                } else if (w instanceof AsyncWrite.StatusWrite s) {
                    status(s);
                }
            } catch (LeadershipLostException e) {
                leaderLost(e, writes.subList(i, writes.size()));
                return;
            } catch (TargetForbiddenException e) {
                metrics.writeFailed(w.kind());
                lost(w);
                problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                        () -> LOG.error(e.getMessage() + "; decisions are then only logged"));
            } catch (KubernetesClientException e) {
                metrics.writeFailed(w.kind());
                lost(w);
                LOG.warnf("cannot write %s (HTTP %d): %s; the decision stands", w.describe(), e.getCode(),
                        e.getMessage());
            } catch (RuntimeException e) {
                metrics.writeFailed(w.kind());
                lost(w);
                LOG.errorf(e, "cannot write %s; the decision stands", w.describe());
            }
        }
        prune();
    }

    /** Writes an Event unless the last one written on its object was the same, within {@code repeatAfter}. */
    private void event(AsyncWrite.EventWrite e) {
        if (recentlyWritten(e.key(), e.event())) {
            metrics.writesSkipped(e.kind(), "repeated", 1);
            return;
        }
        e.sink().record(e.namespace(), e.ref(), e.uid(), e.event());
        written(e, e.event());
    }

    /** Writes a status unless it is a hold that says what the last one written said, within {@code repeatAfter}. */
    private void status(AsyncWrite.StatusWrite s) {
        Optional<AsyncWrite.StatusWrite.Content> content = s.content();
        if (content.isPresent() && recentlyWritten(s.key(), content.get())) {
            metrics.writesSkipped(s.kind(), "unchanged", 1);
            return;
        }
        if (!leadership.confirm()) {
            throw new LeadershipLostException(leadership.identity(), "write the " + s.describe());
        }
        s.sink().decided(s.spec(), s.decision(), s.at());
        written(s, content.orElse(null));
    }

    private boolean recentlyWritten(String key, Object what) {
        Written last = lastWritten.get(key);
        return last != null && what.equals(last.what())
                && nanoTime.getAsLong() - last.atNanos() < settings.repeatAfter().toNanos();
    }

    private void written(AsyncWrite w, Object what) {
        long now = nanoTime.getAsLong();
        lastWritten.put(w.key(), new Written(what, now));
        metrics.written(w.kind(), Duration.ofNanos(now - w.queuedNanos()));
    }

    /** What was written longer than {@code repeatAfter} ago is written again anyway: forget it. */
    private void prune() {
        long now = nanoTime.getAsLong();
        long every = Math.max(settings.repeatAfter().toNanos(), Duration.ofMinutes(1).toNanos());
        if (now - prunedNanos < every) {
            return;
        }
        prunedNanos = now;
        lastWritten.values().removeIf(w -> now - w.atNanos() >= settings.repeatAfter().toNanos());
    }

    private void leaderLost(LeadershipLostException e, List<AsyncWrite> unwritten) {
        List<AsyncWrite> dropped = new ArrayList<>(unwritten);
        dropped.addAll(queue.clear());
        dropped.forEach(w -> {
            metrics.writesDropped(w.kind(), "leader-lost", 1);
            lost(w);
        });
        LOG.warnf("%s; dropped %d waiting Events and statuses: the leader writes its own", e.getMessage(),
                dropped.size());
    }

    /** Writes what waits for at most {@code drain}, then stops; what is left is dropped and counted. */
    public void close(Duration drain) {
        boolean drained = awaitIdle(drain);
        closed.set(true);
        List<AsyncWrite> left = queue.clear();
        left.forEach(w -> metrics.writesDropped(w.kind(), "shutdown", 1));
        if (!drained) {
            LOG.warnf("async writer stopped after %s with %d Events and statuses unwritten", drain, left.size());
        }
        threads.forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
