package dev.prescient.predictor.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the model poller is alive: it is while it has completed a round (every workload asked) within
 * {@code maxSilence}, or, in a round no {@link Error} has broken off, finished a workload's registry check
 * within it (so a round slowed by a registry that times out still counts as alive). A poller stuck in a call,
 * whose thread died, or whose rounds an {@code Error} breaks off every time goes silent and is reported dead
 * once {@code maxSilence} has passed since its last completed round; a single {@code Error} is not, since the
 * next round runs as scheduled.
 */
public final class PollerHeartbeat {

    /**
     * One look at the poller.
     *
     * @param alive whether it made progress within {@code maxSilence}
     * @param started whether polling has started (it starts once the models are loaded)
     * @param lastRound when the newest round completed (when polling started, before the first)
     * @param lastCheck when the newest workload check finished
     * @param rounds rounds completed
     * @param lastBreak when the newest {@code Error} broke off a round, and its class
     * @param maxSilence how long it may go without progress
     */
    public record Status(boolean alive, boolean started, Optional<Instant> lastRound, Optional<Instant> lastCheck,
                         long rounds, Optional<String> lastBreak, Duration maxSilence) {
    }

    private final Clock clock;
    private final Duration maxSilence;
    private final AtomicLong rounds = new AtomicLong();
    private volatile Instant lastRound;
    private volatile Instant lastCheck;
    private volatile Instant brokenAt;
    private volatile String lastBreak;

    public PollerHeartbeat(Clock clock, Duration maxSilence) {
        this.clock = clock;
        this.maxSilence = maxSilence;
    }

    /** Polling starts now; the first round is due within {@code maxSilence} like any later one. */
    void started() {
        Instant now = clock.instant();
        lastCheck = now;
        lastRound = now;
    }

    /** A workload's registry check finished, whatever its outcome. */
    void checkFinished() {
        lastCheck = clock.instant();
    }

    /** Every workload was asked. */
    void roundCompleted() {
        Instant now = clock.instant();
        lastCheck = now;
        lastRound = now;
        rounds.incrementAndGet();
    }

    /** {@code error} broke off the round; until a round completes again, only completed rounds count. */
    void roundBroken(Throwable error) {
        Instant now = clock.instant();
        brokenAt = now;
        // the class only: liveness is open to anyone, the log has the message
        lastBreak = now + ": " + error.getClass().getName();
    }

    public Status status() {
        Instant round = lastRound;
        if (round == null) {
            return new Status(true, false, Optional.empty(), Optional.empty(), 0, Optional.empty(), maxSilence);
        }
        Instant check = lastCheck;
        Instant broken = brokenAt;
        Instant oldestAlive = clock.instant().minus(maxSilence);
        boolean roundRecent = !round.isBefore(oldestAlive);
        boolean checking = (broken == null || broken.isBefore(round)) && !check.isBefore(oldestAlive);
        return new Status(roundRecent || checking, true, Optional.of(round), Optional.of(check), rounds.get(),
                Optional.ofNullable(lastBreak), maxSilence);
    }
}
