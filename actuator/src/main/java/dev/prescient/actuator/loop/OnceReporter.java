package dev.prescient.actuator.loop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports a lasting problem (missing target, missing permission, refused mode) once, not on every tick, and
 * again only after it went away and came back.
 */
public class OnceReporter {

    private final Set<String> active = ConcurrentHashMap.newKeySet();

    /** Runs {@code report} if {@code problem} is not already reported; a report that throws counts as not made. */
    public void report(String problem, Runnable report) {
        if (active.add(problem)) {
            try {
                report.run();
            } catch (RuntimeException e) {
                active.remove(problem);
                throw e;
            }
        }
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
