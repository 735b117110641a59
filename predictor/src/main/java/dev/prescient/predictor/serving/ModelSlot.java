package dev.prescient.predictor.serving;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What serves one workload: its production model, or nothing (the fallback answers). Readers take
 * {@link #current()} without a lock; a new model replaces the old one in one atomic step, so each
 * request sees either the old or the new model, never a half-loaded one.
 */
public final class ModelSlot {

    /**
     * One consistent view of the slot.
     *
     * @param model the serving model, empty when the fallback answers
     * @param ready whether the first load has finished (with a model or an explicit fallback)
     * @param fallbackReason why there is no model, empty when there is one
     * @param lastError the newest load or poll failure, empty if none since the last success
     * @param checkedAt when the registry was last asked successfully
     */
    public record State(Optional<ServingModel> model, boolean ready, Optional<String> fallbackReason,
                        Optional<String> lastError, Optional<Instant> checkedAt) {
    }

    private final String workload;
    private final AtomicReference<State> state = new AtomicReference<>(
            new State(Optional.empty(), false, Optional.of("loading"), Optional.empty(), Optional.empty()));

    public ModelSlot(String workload) {
        this.workload = workload;
    }

    public String workload() {
        return workload;
    }

    public State state() {
        return state.get();
    }

    public Optional<ServingModel> current() {
        return state.get().model();
    }

    /** Serves {@code model} from now on; returns the model it replaced. */
    public Optional<ServingModel> serve(ServingModel model, Optional<Instant> checkedAt) {
        State old = state.getAndSet(new State(Optional.of(model), true, Optional.empty(), Optional.empty(),
                checkedAt));
        return old.model();
    }

    /** Serves the fallback from now on, for {@code reason}; returns the model it replaced. */
    public Optional<ServingModel> fallBack(String reason, Optional<Instant> checkedAt) {
        State old = state.getAndSet(new State(Optional.empty(), true, Optional.of(reason), Optional.empty(),
                checkedAt));
        return old.model();
    }

    /** Records a failure while keeping what serves; a slot that was still loading becomes an explicit fallback. */
    public void failed(String error) {
        state.updateAndGet(s -> new State(s.model(), true,
                s.model().isPresent() ? Optional.empty() : Optional.of(s.ready() ? s.fallbackReason().orElse(error)
                        : "no model could be loaded: " + error),
                Optional.of(error), s.checkedAt()));
    }

    /** Notes a successful registry check that changed nothing. */
    public void checked(Instant at) {
        state.updateAndGet(s -> new State(s.model(), s.ready(), s.fallbackReason(), Optional.empty(), Optional.of(at)));
    }
}
