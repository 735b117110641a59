package dev.prescient.predictor.serving;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The models loaded in memory, at most {@code capacity} of them (a workload's production version is loaded on
 * first use, not at start-up): a least-recently-used cache of one model per workload. Loading one past the
 * capacity evicts the least recently used loaded model.
 *
 * <p>Each model is loaded once: concurrent requests for a model being loaded wait for that load. A model is
 * closed (its DJL predictors, NDManager and Model released) once it is no longer cached (evicted, replaced by
 * a promoted version, invalidated) <em>and</em> the last {@link ModelLease} on it is closed, so a request that
 * took a model always finishes on it. Loads in progress are not evicted, so the cache can briefly hold more
 * than {@code capacity} while many different models load at once. One lock guards the map and reference
 * counts; loading and closing run outside it.
 */
public final class LoadedModels {

    private static final Logger LOG = Logger.getLogger(LoadedModels.class);

    /** One cached (or formerly cached, still leased) model; counts and flags guarded by the cache's lock. */
    private static final class Entry {
        final String workload;
        final String version;
        final CompletableFuture<ServingModel> loaded = new CompletableFuture<>();
        /** One for the cache while the entry is in it, one per open lease. */
        int refs = 1;

        Entry(String workload, String version) {
            this.workload = workload;
            this.version = version;
        }

        boolean usable() {
            return loaded.isDone() && !loaded.isCompletedExceptionally();
        }
    }

    private final int capacity;
    private final PredictorMetrics metrics;
    /** In order of last use, eldest first (moved to the end on each use, so that reads elsewhere do not reorder). */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param capacity most models kept loaded ({@code prescient.predictor.max-loaded-models})
     */
    public LoadedModels(int capacity, PredictorMetrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.metrics = metrics;
        metrics.watchLoadedModels(this::size, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Models cached now, loading ones included. */
    public synchronized int size() {
        return entries.size();
    }

    /** Whether the model of {@code workload} is loaded or loading. */
    public synchronized boolean isLoaded(String workload) {
        Entry e = entries.get(workload);
        return e != null && !e.loaded.isCompletedExceptionally();
    }

    /** Whether {@link #acquire} for {@code workload} would evict nothing. */
    public synchronized boolean hasRoomFor(String workload) {
        return entries.containsKey(workload) || entries.size() < capacity;
    }

    /** The loaded model of {@code workload}, without loading or counting a use; empty when not loaded. */
    public synchronized Optional<ServingModel> peek(String workload) {
        Entry e = entries.get(workload);
        return e != null && e.usable() ? Optional.of(e.loaded.getNow(null)) : Optional.empty();
    }

    /**
     * A lease on the model of the version {@code wanted} names (read under the cache's lock, so a concurrent
     * {@link #replace} or {@link #invalidate} is seen whole), loading it with {@code load} when it is not cached.
     * A cached model of another version is dropped first.
     *
     * @return empty when {@code wanted} names no version
     * @throws RuntimeException whatever {@code load} threw, to every caller waiting for that load
     */
    public Optional<ModelLease> acquire(String workload, Supplier<Optional<String>> wanted,
                                        BiFunction<String, String, ServingModel> load) {
        Entry entry;
        boolean loading = false;
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            Optional<String> version = wanted.get();
            if (version.isEmpty()) {
                return Optional.empty();
            }
            entry = entries.get(workload);
            if (entry != null && !entry.version.equals(version.get())) {
                drop(entry, drained);
                entry = null;
            }
            if (entry == null) {
                entry = new Entry(workload, version.get());
                loading = true;
            } else {
                entries.remove(workload);
            }
            entries.put(workload, entry);
            entry.refs++;
            metrics.modelLookup(!loading);
        }
        closeAll(drained);
        if (loading) {
            load(entry, load);
        }
        try {
            entry.loaded.join();
        } catch (CompletionException e) {
            release(entry);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return Optional.of(new Lease(entry));
    }

    private void load(Entry entry, BiFunction<String, String, ServingModel> load) {
        ServingModel model;
        try {
            model = load.apply(entry.workload, entry.version);
        } catch (RuntimeException | LinkageError e) {
            synchronized (this) {
                drop(entry, new ArrayList<>());
            }
            entry.loaded.completeExceptionally(e instanceof RuntimeException ? e
                    : new IllegalStateException("loading the model failed: " + e, e));
            return;
        }
        metrics.modelLoaded();
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            entry.loaded.complete(model);
            trim(drained);
        }
        closeAll(drained);
    }

    /**
     * Serves {@code model} for its workload from now on: runs {@code change} (the slot's update) and puts the
     * model in place of any cached one in one step under the lock; the replaced model closes once its leases are.
     */
    public void replace(ServingModel model, Runnable change) {
        Entry entry = new Entry(model.workload(), model.version());
        entry.loaded.complete(model);
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            change.run();
            Entry old = entries.get(model.workload());
            if (old != null) {
                drop(old, drained);
            }
            entries.put(model.workload(), entry);
            trim(drained);
        }
        closeAll(drained);
    }

    /** Runs {@code change} and drops the cached model of {@code workload}, if any, in one step under the lock. */
    public void invalidate(String workload, Runnable change) {
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            change.run();
            Entry old = entries.get(workload);
            if (old != null) {
                drop(old, drained);
            }
        }
        closeAll(drained);
    }

    /** Drops every cached model; each closes once its leases are. */
    public void clear() {
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            for (Entry e : new ArrayList<>(entries.values())) {
                drop(e, drained);
            }
        }
        closeAll(drained);
    }

    /** Evicts least recently used loaded models while over capacity (loads in progress stay). */
    private void trim(List<Entry> drained) {
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry e = eldest.next();
            if (e.usable()) {
                eldest.remove();
                unref(e, drained);
                metrics.modelEvicted();
                LOG.debugf("evicted model %s %s (least recently used of %d loaded)", e.workload, e.version, capacity);
            }
        }
    }

    /** Removes {@code entry} from the map (if it is still there) and drops the cache's reference. */
    private void drop(Entry entry, List<Entry> drained) {
        if (entries.remove(entry.workload, entry)) {
            unref(entry, drained);
        }
    }

    private void unref(Entry entry, List<Entry> drained) {
        if (--entry.refs == 0) {
            drained.add(entry);
        }
    }

    private void release(Entry entry) {
        List<Entry> drained = new ArrayList<>();
        synchronized (this) {
            unref(entry, drained);
        }
        closeAll(drained);
    }

    private static void closeAll(List<Entry> drained) {
        for (Entry e : drained) {
            ServingModel model = e.usable() ? e.loaded.getNow(null) : null;
            if (model == null) {
                continue;
            }
            try {
                model.model().close();
            } catch (RuntimeException | LinkageError err) {
                LOG.warnf("closing model %s %s failed: %s", e.workload, e.version, err);
            }
        }
    }

    private final class Lease implements ModelLease {
        private final Entry entry;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Lease(Entry entry) {
            this.entry = entry;
        }

        @Override
        public ServingModel model() {
            return entry.loaded.getNow(null);
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(entry);
            }
        }
    }
}
