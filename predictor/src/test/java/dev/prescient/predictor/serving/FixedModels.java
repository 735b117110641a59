package dev.prescient.predictor.serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ModelSource} serving the model a test sets (or none), counting the leases taken and still open. */
final class FixedModels implements ModelSource {

    private volatile Optional<ServingModel> model = Optional.empty();
    final AtomicInteger leases = new AtomicInteger();
    /** Whether a lease fails as a model that does not load would. */
    volatile boolean failLoads;
    /** Whether a lease would load without evicting. */
    volatile boolean room = true;
    final AtomicInteger open = new AtomicInteger();

    void serve(ServingModel serving) {
        model = Optional.of(serving);
    }

    void fallBack() {
        model = Optional.empty();
    }

    @Override
    public Optional<String> version(String workload) {
        return model.map(ServingModel::version);
    }

    @Override
    public Optional<ModelLease> lease(String workload) {
        if (failLoads && model.isPresent()) {
            throw new ModelUnavailableException("cannot load model " + workload + ": test", null);
        }
        return model.map(m -> {
            leases.incrementAndGet();
            open.incrementAndGet();
            return new ModelLease() {
                private boolean closed;

                @Override
                public ServingModel model() {
                    return m;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                }
            };
        });
    }

    @Override
    public boolean leasableWithoutEviction(String workload) {
        return room;
    }

    @Override
    public int requiredHistorySteps(String workload) {
        return model.map(m -> m.model().requiredHistorySteps()).orElse(0);
    }
}
