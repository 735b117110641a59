package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.ScalerWrites;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.ScaleTargetRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The finalizer {@value #FINALIZER}, so that deleting a PredictiveScaler gives its HPA back the floor Prescient
 * raised. Every PredictiveScaler in the catalogue gets it, whatever its mode (a mode can change between two cycles,
 * and one in hpa-floor mode may raise a floor before the next); one the catalogue leaves out never acts, so it gets
 * none (one that acted before it was left out keeps the one it has). Once one is being deleted (out of the
 * catalogue, so nothing acts on it any more):
 * <ol>
 *   <li>every HPA on its {@code scaleTargetRef} whose floor Prescient raised gets its original {@code minReplicas}
 *       back from {@link HpaState#ORIGINAL_MIN_ANNOTATION}, the annotation removed, with a Normal Event
 *       {@code PredictiveHpaFloorRestored} on the target; unless another PredictiveScaler in the catalogue scales the
 *       same target now (then the floor is its own);</li>
 *   <li>the finalizer is removed, and the API server deletes the object.</li>
 * </ol>
 * A target or HPA that is gone has nothing to restore: the finalizer goes at once, so a missing target never holds a
 * deletion. A restore the API server refuses for good (400, 422: e.g. the original above a lowered maxReplicas) is
 * reported in a Warning Event {@code PredictiveHpaFloorNotRestored} and the finalizer goes too. A conflict, a missing
 * permission or another API error keeps the finalizer; the next cycle tries again.
 */
final class DeletionFinalizer {

    static final String FINALIZER = "prescient.dev/restore-hpa-floor";
    static final String RESTORED = "PredictiveHpaFloorRestored";
    static final String NOT_RESTORED = "PredictiveHpaFloorNotRestored";
    private static final Logger LOG = Logger.getLogger(DeletionFinalizer.class);
    private static final Set<Integer> REFUSED_FOR_GOOD = Set.of(400, 422);

    private final ScaleTarget kube;
    private final ScalerWrites writes;
    private final OnceReporter problems;
    private final Predicate<String> stillRunning;

    /**
     * @param kube fenced access to targets and HPAs
     * @param stillRunning whether a workload's reconcile from an earlier tick still runs (it could raise the floor
     *     again after the restore): such a deletion waits for the next cycle
     */
    DeletionFinalizer(ScaleTarget kube, ScalerWrites writes, OnceReporter problems, Predicate<String> stillRunning) {
        this.kube = kube;
        this.writes = writes;
        this.problems = problems;
        this.stillRunning = stillRunning;
    }

    /**
     * @param objects every PredictiveScaler watched, those being deleted included
     * @param live the catalogue's workloads now
     */
    void run(List<PredictiveScaler> objects, List<WorkloadSpec> live) {
        Set<String> keys = live.stream().map(WorkloadSpec::key).collect(Collectors.toSet());
        for (PredictiveScaler scaler : objects) {
            boolean held = ScalerWrites.finalizers(scaler).contains(FINALIZER);
            if (scaler.isMarkedForDeletion() && held) {
                finish(scaler, live);
            } else if (!scaler.isMarkedForDeletion() && !held && keys.contains(scaler.key())) {
                write(scaler, "add", () -> writes.addFinalizer(scaler, FINALIZER));
            }
        }
    }

    private void finish(PredictiveScaler scaler, List<WorkloadSpec> live) {
        String key = scaler.key();
        if (stillRunning.test(key)) {
            LOG.infof("PredictiveScaler %s is being deleted while its last reconcile still runs; its HPA floor is "
                    + "restored next cycle", key);
            return;
        }
        String ns = scaler.getMetadata().getNamespace();
        Optional<TargetRef> ref = target(scaler);
        Optional<String> heldBy = ref.flatMap(r -> live.stream()
                .filter(w -> !w.key().equals(key) && w.namespace().equals(ns) && sameTarget(w.target(), r))
                .map(WorkloadSpec::key).findFirst());
        if (heldBy.isPresent()) {
            LOG.infof("PredictiveScaler %s is being deleted; PredictiveScaler %s scales %s now, so its HPA floor "
                    + "stays", key, heldBy.get(), describe(ns, ref.get()));
        } else if (ref.isPresent() && !restore(scaler, ns, ref.get())) {
            return;
        }
        write(scaler, "remove", () -> writes.removeFinalizer(scaler, FINALIZER));
    }

    /** What handing {@code hpa} back restores, for its Event. */
    static String handedBack(HpaState hpa) {
        String what = "HPA " + hpa.name();
        if (hpa.floorRaised()) {
            what += " minReplicas " + hpa.minReplicas() + " → " + hpa.originalMinReplicas().getAsInt()
                    + " (its original, from annotation " + HpaState.ORIGINAL_MIN_ANNOTATION + ")";
        }
        if (hpa.originalRecorded()) {
            what += (hpa.floorRaised() ? " and" : "") + " scale-down behavior and metric targets as before the first "
                    + "retune (from annotation " + HpaState.ORIGINAL_ANNOTATION + ")";
        }
        return what;
    }

    /** @return whether every raised floor and retuned HPA is dealt with (restored, gone, or refused for good) */
    private boolean restore(PredictiveScaler scaler, String ns, TargetRef ref) {
        List<HpaState> hpas;
        try {
            hpas = kube.direct().hpasFor(ns, ref);
        } catch (LeadershipLostException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(scaler, "list the HPAs of " + describe(ns, ref), e);
        }
        boolean done = true;
        for (HpaState hpa : hpas) {
            if (!hpa.floorRaised() && !hpa.originalRecorded()) {
                continue;
            }
            String what = handedBack(hpa);
            try {
                kube.direct().handBackHpa(ns, hpa);
                event(ns, ref, new TargetEvent(false, RESTORED, what + ": PredictiveScaler " + scaler.key()
                        + " was deleted"));
            } catch (IllegalArgumentException e) {
                // an annotation that cannot be read will not become readable: say so and let the deletion go on
                event(ns, ref, new TargetEvent(true, NOT_RESTORED, e.getMessage() + "; PredictiveScaler "
                        + scaler.key() + " was deleted and its finalizer removed"));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue;
                }
                if (!REFUSED_FOR_GOOD.contains(e.getCode())) {
                    done = failed(scaler, "restore " + what, e) && done;
                    continue;
                }
                event(ns, ref, new TargetEvent(true, NOT_RESTORED, what + " refused by the API server (" + e.getCode()
                        + ": " + e.getMessage() + "): PredictiveScaler " + scaler.key() + " was deleted and its "
                        + "finalizer removed; set minReplicas by hand and remove annotation "
                        + HpaState.ORIGINAL_MIN_ANNOTATION));
            } catch (LeadershipLostException e) {
                throw e;
            } catch (RuntimeException e) {
                done = failed(scaler, "restore " + what, e) && done;
            }
        }
        return done;
    }

    /** Logs why the deletion waits (403: once, naming the grant); always false. */
    private boolean failed(PredictiveScaler scaler, String what, RuntimeException e) {
        if (e instanceof TargetForbiddenException forbidden) {
            problems.report("forbidden|" + forbidden.verb() + "|" + forbidden.resource() + "|" + forbidden.namespace(),
                    () -> LOG.errorf("PredictiveScaler %s is being deleted but its HPA floor cannot be restored: %s; "
                            + "it keeps its finalizer until then", scaler.key(), e.getMessage()));
        } else if (e instanceof TargetConflictException) {
            LOG.infof("PredictiveScaler %s is being deleted: %s met a change (409); again next cycle", scaler.key(),
                    what);
        } else {
            LOG.warnf("PredictiveScaler %s is being deleted but cannot %s: %s; it keeps its finalizer %s and is tried "
                    + "again next cycle", scaler.key(), what, e.getMessage(), FINALIZER);
        }
        return false;
    }

    private void write(PredictiveScaler scaler, String verb, Runnable write) {
        try {
            write.run();
            LOG.infof("PredictiveScaler %s: finalizer %s %s", scaler.key(), FINALIZER,
                    verb.equals("add") ? "added" : "removed; the API server deletes it");
        } catch (TargetConflictException e) {
            LOG.debugf("PredictiveScaler %s changed while its finalizer was written; again next cycle", scaler.key());
        } catch (TargetForbiddenException e) {
            problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                    () -> LOG.errorf("cannot %s finalizer %s on PredictiveScaler %s: %s", verb, FINALIZER,
                            scaler.key(), e.getMessage()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("cannot %s finalizer %s on PredictiveScaler %s (HTTP %d): %s; again next cycle", verb,
                        FINALIZER, scaler.key(), e.getCode(), e.getMessage());
            }
        }
    }

    private void event(String ns, TargetRef ref, TargetEvent event) {
        LOG.logf(event.warning() ? Logger.Level.WARN : Logger.Level.INFO, "%s %s", describe(ns, ref), event.message());
        Optional<String> uid;
        try {
            uid = kube.target(ns, ref).map(TargetState::uid);
        } catch (RuntimeException e) {
            uid = Optional.empty();
        }
        try {
            kube.record(ns, ref, uid, event);
        } catch (TargetForbiddenException e) {
            problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                    () -> LOG.error(e.getMessage()));
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot write Event %s on %s: %s", event.reason(), describe(ns, ref), e.getMessage());
        }
    }

    /** The object's {@code scaleTargetRef} as read (valid or not), empty when it names no kind or name. */
    static Optional<TargetRef> target(PredictiveScaler scaler) {
        ScaleTargetRef ref = scaler.getSpec() == null ? null : scaler.getSpec().getScaleTargetRef();
        if (ref == null || ref.getKind() == null || ref.getName() == null) {
            return Optional.empty();
        }
        return Optional.of(new TargetRef(ref.getApiVersion() == null ? "apps/v1" : ref.getApiVersion(),
                ref.getKind(), ref.getName()));
    }

    private static boolean sameTarget(TargetRef a, TargetRef b) {
        return a.group().equals(b.group()) && a.kind().equals(b.kind()) && a.name().equals(b.name());
    }

    private static String describe(String ns, TargetRef ref) {
        return ref.kind() + " " + ns + "/" + ref.name();
    }
}
