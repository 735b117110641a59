package dev.prescient.predictor.serving;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which production version serves one workload, or none (the fallback answers). The slot names the version;
 * the model itself is loaded on first use and may be evicted ({@link LoadedModels}). Readers take
 * {@link #current()} without a lock; a change replaces the whole state in one atomic step.
 */
public final class ModelSlot {

    /**
     * One consistent view of the slot.
     *
     * @param production the version serving, verified on local disk; empty when the fallback answers
     * @param ready whether the first check has finished (with a version or an explicit fallback)
     * @param fallbackReason why there is no version, empty when there is one
     * @param lastError the newest load or poll failure, empty if none since the last success
     * @param checkedAt when the registry was last asked successfully
     */
    public record State(Optional<ProductionVersion> production, boolean ready, Optional<String> fallbackReason,
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

    public Optional<ProductionVersion> current() {
        return state.get().production();
    }

    /** The version id serving, empty on fallback. */
    public Optional<String> version() {
        return current().map(ProductionVersion::version);
    }

    /** Serves {@code version} from now on; returns the version it replaced. */
    public Optional<ProductionVersion> serve(ProductionVersion version, Optional<Instant> checkedAt) {
        State old = state.getAndSet(new State(Optional.of(version), true, Optional.empty(), Optional.empty(),
                checkedAt));
        return old.production();
    }

    /** Serves the fallback from now on, for {@code reason}; returns the version it replaced. */
    public Optional<ProductionVersion> fallBack(String reason, Optional<Instant> checkedAt) {
        State old = state.getAndSet(new State(Optional.empty(), true, Optional.of(reason), Optional.empty(),
                checkedAt));
        return old.production();
    }

    /**
     * The serving {@code version} failed to load on demand: the fallback answers until the next registry check
     * offers a version again. Nothing changes when another version serves by now.
     */
    public void loadFailed(String version, String error) {
        state.updateAndGet(s -> s.production().filter(p -> p.version().equals(version)).isEmpty() ? s
                : new State(Optional.empty(), true, Optional.of(error), Optional.of(error), s.checkedAt()));
    }

    /** Records a failure while keeping what serves; a slot that was still loading becomes an explicit fallback. */
    public void failed(String error) {
        state.updateAndGet(s -> new State(s.production(), true,
                s.production().isPresent() ? Optional.empty() : Optional.of(s.ready()
                        ? s.fallbackReason().orElse(error) : "no model could be loaded: " + error),
                Optional.of(error), s.checkedAt()));
    }

    /** Notes a successful registry check that changed nothing. */
    public void checked(Instant at) {
        state.updateAndGet(s -> new State(s.production(), s.ready(), s.fallbackReason(), Optional.empty(),
                Optional.of(at)));
    }
}
