package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;

import java.time.Instant;
import java.util.Optional;

/** A write the {@link AsyncWriter} makes off the decision path, with where it goes. */
sealed interface AsyncWrite permits AsyncWrite.EventWrite, AsyncWrite.StatusWrite {

    /** Writes under one key are made in order by one worker at a time; they may be merged while they wait. */
    String key();

    /** {@code event} or {@code status}: the {@code kind} tag of the write metrics. */
    String kind();

    /** When it was queued (the writer's monotonic clock); a merged write keeps the first. */
    long queuedNanos();

    /** E.g. {@code Event PredictiveHold on Deployment shop/api}. */
    String describe();

    /**
     * An Event on a target.
     *
     * @param sink where it is written (fenced: refused once this instance no longer leads)
     * @param onLost run when it is not written after all (failed or dropped): a lasting problem it reports is then
     *               reported again ({@link OnceReporter#withdrawal()})
     */
    record EventWrite(ScaleTarget sink, String namespace, TargetRef ref, Optional<String> uid, TargetEvent event,
                      long queuedNanos, Runnable onLost) implements AsyncWrite {

        @Override
        public String key() {
            return "event|" + namespace + "|" + ref.apiVersion() + "|" + ref.kind() + "|" + ref.name();
        }

        @Override
        public String kind() {
            return "event";
        }

        @Override
        public String describe() {
            return "Event " + event.reason() + " on " + ref.kind() + " " + namespace + "/" + ref.name();
        }

        /** This Event standing for an identical newer one too; null when {@code newer} differs. */
        EventWrite absorb(EventWrite newer) {
            if (!event.equals(newer.event)) {
                return null;
            }
            Runnable older = onLost;
            return new EventWrite(sink, namespace, ref, newer.uid, event, queuedNanos, () -> {
                older.run();
                newer.onLost.run();
            });
        }
    }

    /**
     * A workload's decision for its status.
     *
     * @param sink where it is written
     */
    record StatusWrite(StatusWriter sink, WorkloadSpec spec, Optional<Decision> decision, Instant at,
                       long queuedNanos) implements AsyncWrite {

        @Override
        public String key() {
            return "status|" + spec.key();
        }

        @Override
        public String kind() {
            return "status";
        }

        @Override
        public String describe() {
            return "status of " + spec.key();
        }

        /** The newer status wins; it waits since the older one was queued. */
        StatusWrite supersede(StatusWrite newer) {
            return new StatusWrite(newer.sink, newer.spec, newer.decision, newer.at, queuedNanos);
        }

        /**
         * What the status would say apart from its timestamps, for a write that may be skipped when it says what the
         * last one written said: a hold, or no decision. Empty for any other decision, whose recommendation the
         * status keeps for a new leader's stabilisation window: it is always written.
         */
        Optional<Content> content() {
            if (decision.isEmpty()) {
                return Optional.of(new Content(spec, Optional.empty(), Optional.empty(), 0, ""));
            }
            Decision d = decision.get();
            return d.isHold() ? Optional.of(new Content(spec, Optional.of(d.action()), d.holdReason(),
                    d.desiredReplicas(), d.reason())) : Optional.empty();
        }

        /** A status's content apart from timestamps: the spec it was decided for (its generation) and the hold. */
        record Content(WorkloadSpec spec, Optional<Decision.Action> action, Optional<HoldReason> hold, int desired,
                       String reason) {
        }
    }
}
