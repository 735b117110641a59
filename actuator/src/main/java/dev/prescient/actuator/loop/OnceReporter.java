package dev.prescient.actuator.loop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports a lasting problem (missing target, missing permission, refused mode) once, not on every tick, and
 * again only after it went away and came back.
 *
 * <p>A report whose Event is written later ({@link QueuedEvents}) and then lost (the write failed or was dropped)
 * counts as not made: while a report runs, {@link #withdrawal()} on its thread gives what undoes it, which the queued
 * Event carries, so the next tick reports the problem again instead of never.
 */
public class OnceReporter {

    private static final Runnable NOTHING = () -> { };
    private static final ThreadLocal<Runnable> WITHDRAWAL = new ThreadLocal<>();

    private final Set<String> active = ConcurrentHashMap.newKeySet();

    /** Runs {@code report} if {@code problem} is not already reported; a report that throws counts as not made. */
    public void report(String problem, Runnable report) {
        if (active.add(problem)) {
            Runnable outer = WITHDRAWAL.get();
            WITHDRAWAL.set(() -> active.remove(problem));
            try {
                report.run();
            } catch (RuntimeException e) {
                active.remove(problem);
                throw e;
            } finally {
                if (outer == null) {
                    WITHDRAWAL.remove();
                } else {
                    WITHDRAWAL.set(outer);
                }
            }
        }
    }

    /**
     * Inside a {@link #report} on this thread, what makes that report count as not made (its Event was lost); else
     * nothing.
     */
    public static Runnable withdrawal() {
        Runnable w = WITHDRAWAL.get();
        return w == null ? NOTHING : w;
    }

    /** The problem went away; {@code onResolved} runs if it had been reported. */
    public void resolve(String problem, Runnable onResolved) {
        if (active.remove(problem)) {
            onResolved.run();
        }
    }

    public boolean isActive(String problem) {
        return active.contains(problem);
    }
}
