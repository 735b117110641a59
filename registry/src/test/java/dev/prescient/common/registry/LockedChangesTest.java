package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LockedChangesTest {

    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);

    final InMemoryLockObjects store = new InMemoryLockObjects();
    final LeaseLockIT.SettableClock clock = new LeaseLockIT.SettableClock(T0);
    final LeaseLock locks = new LeaseLock(store, new RegistryKeys("models"), clock);
    final LockedChanges changes = new LockedChanges(locks, "host-1/models promote/ab12", LEASE);

    @Test
    void runsTheChangeHoldingTheLockAndReleasesItAfter() {
        String seenHolder = changes.run("shop/api", "promote",
                () -> locks.tryAcquire("shop/api", "other", LEASE).lease().owner());

        assertThat(seenHolder).isEqualTo("host-1/models promote/ab12");
        assertThat(store.find("models/locks/shop/api.lock")).isEmpty();
    }

    @Test
    void releasesTheLockWhenTheChangeFails() {
        assertThatThrownBy(() -> changes.run("shop/api", "roll back", () -> {
            throw new RegistryException("cannot roll back shop/api: no version is in production");
        })).hasMessage("cannot roll back shop/api: no version is in production");

        assertThat(store.find("models/locks/shop/api.lock")).isEmpty();
    }

    @Test
    void refusesWhileAnotherOwnerHoldsTheLockWithoutRunningTheChange() {
        Lease trainer = locks.tryAcquire("shop/api", "trainer-5d8f/run-9", Duration.ofMinutes(30)).lease();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> changes.run("shop/api", "prune", () -> ran.getAndSet(true)))
                .isInstanceOfSatisfying(LockHeldException.class, e -> assertThat(e.holder()).isEqualTo(trainer))
                .hasMessage("cannot prune shop/api: its lock is held by trainer-5d8f/run-9 since 2026-11-27T04:00:00Z"
                        + " until 2026-11-27T04:30:00Z; wait for that run to finish and try again (a holder that died"
                        + " leaves the lock until it expires)");
        assertThat(ran).isFalse();
        assertThat(locks.tryAcquire("shop/api", "x", LEASE).lease()).isEqualTo(trainer);
    }

    @Test
    void aLockLostWhileTheChangeRanIsReported() {
        assertThatThrownBy(() -> changes.run("shop/api", "promote", () -> {
            clock.now = T0.plus(LEASE);
            return null;
        })).isInstanceOf(LockLostException.class)
                .hasMessageStartingWith("cannot confirm that promote of shop/api ran alone: lost the training lock of"
                        + " shop/api held by host-1/models promote/ab12: its lease expired at 2026-11-27T04:02:00Z")
                .hasMessageEndingWith("; it was applied, check the versions with 'models list'");
    }
}
