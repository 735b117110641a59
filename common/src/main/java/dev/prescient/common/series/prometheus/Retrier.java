package dev.prescient.common.series.prometheus;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs an action up to {@code retries + 1} times while it fails transiently, waiting
 * {@code initialBackoff}, then twice that, and so on (capped at {@link #MAX_BACKOFF}) between
 * attempts. A failure that is not transient is thrown at once; after the last attempt the last
 * failure is thrown.
 */
final class Retrier {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int retries;
    private final Duration initialBackoff;
    private final Sleeper sleeper;

    Retrier(int retries, Duration initialBackoff, Sleeper sleeper) {
        if (retries < 0 || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("retries and backoff must not be negative, got "
                    + retries + " and " + initialBackoff);
        }
        this.retries = retries;
        this.initialBackoff = initialBackoff;
        this.sleeper = sleeper;
    }

    static Retrier sleeping(int retries, Duration initialBackoff) {
        return new Retrier(retries, initialBackoff, d -> Thread.sleep(d.toMillis()));
    }

    int attempts() {
        return retries + 1;
    }

    /**
     * @param what what the action does, for the log
     * @param isTransient whether a failure may go away if the action is tried again
     * @throws InterruptedException when interrupted while waiting to retry
     */
    <T> T call(String what, Supplier<T> action, Predicate<RuntimeException> isTransient)
            throws InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!isTransient.test(e) || attempt > retries) {
                    throw e;
                }
                LOG.debugf("%s failed (attempt %d of %d), retrying in %s: %s", what, attempt, attempts(),
                        backoff, e.getMessage());
                sleeper.sleep(backoff);
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
