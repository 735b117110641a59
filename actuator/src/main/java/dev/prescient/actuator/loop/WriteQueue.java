package dev.prescient.actuator.loop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;

/**
 * The bounded queue of the {@link AsyncWriter}: writes waiting, by key (one object's Events, one workload's status),
 * keys in the order they first had something to write. Thread-safe.
 * <ul>
 *   <li>Deduplicated: an offered write may be merged into the newest one waiting under its key (an identical Event
 *       counted, a newer status replacing the older), which then takes no room.</li>
 *   <li>Bounded: at {@code capacity} waiting writes, a write that cannot be merged is refused ({@link Offer#FULL}).</li>
 *   <li>One key at a time: a worker takes every write waiting under a key and no other worker takes that key until it
 *       is {@link #done}, so one object's writes stay in order.</li>
 *   <li>Paused: while {@link #pause paused} (a tick deciding), nothing is taken; offers are still accepted.</li>
 * </ul>
 *
 * @param <T> a write
 */
final class WriteQueue<T> {

    /** What became of an offered write. */
    enum Offer { QUEUED, MERGED, FULL }

    /** The writes waiting under one key, taken together. */
    record Batch<T>(String key, List<T> writes) {
    }

    private final int capacity;
    private final Map<String, List<T>> waiting = new LinkedHashMap<>();
    private final Set<String> busy = new HashSet<>();
    private int size;
    private int pauses;

    WriteQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a write queue holds at least 1 write, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param merge the newest waiting write under {@code key} and {@code write} → the one to keep instead of the
     *        former, or null to queue {@code write} after it
     */
    synchronized Offer offer(String key, T write, BinaryOperator<T> merge) {
        List<T> writes = waiting.get(key);
        if (writes != null && !writes.isEmpty()) {
            T merged = merge.apply(writes.get(writes.size() - 1), write);
            if (merged != null) {
                writes.set(writes.size() - 1, merged);
                return Offer.MERGED;
            }
        }
        if (size >= capacity) {
            return Offer.FULL;
        }
        waiting.computeIfAbsent(key, k -> new ArrayList<>(2)).add(write);
        size++;
        notifyAll();
        return Offer.QUEUED;
    }

    /**
     * Waits up to {@code timeoutMillis} for a key with writes that no worker holds, while the queue is not paused.
     *
     * @return its writes, oldest first, now held by the caller until {@link #done}; empty on timeout
     */
    synchronized Optional<Batch<T>> take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (pauses == 0) {
                for (Iterator<Map.Entry<String, List<T>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, List<T>> entry = it.next();
                    if (busy.add(entry.getKey())) {
                        it.remove();
                        size -= entry.getValue().size();
                        return Optional.of(new Batch<>(entry.getKey(), entry.getValue()));
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The worker holding {@code key} has written its batch. */
    synchronized void done(String key) {
        busy.remove(key);
        notifyAll();
    }

    /** Nothing is taken until as many {@link #resume}s. */
    synchronized void pause() {
        pauses++;
    }

    synchronized void resume() {
        if (pauses > 0) {
            pauses--;
        }
        notifyAll();
    }

    /** Writes waiting (not those being written). */
    synchronized int size() {
        return size;
    }

    /** Nothing waiting and nothing being written. */
    synchronized boolean idle() {
        return size == 0 && busy.isEmpty();
    }

    /** Waits up to {@code timeoutMillis} until {@link #idle}; whether it is. */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!idle()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Removes every waiting write (not those being written). */
    synchronized List<T> clear() {
        List<T> dropped = new ArrayList<>(size);
        waiting.values().forEach(dropped::addAll);
        waiting.clear();
        size = 0;
        notifyAll();
        return dropped;
    }
}
