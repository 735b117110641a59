package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.registry.LeaseLockIT.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Renewal of a held training lock, on an in-memory store with S3's conditional writes and a settable clock. */
class LeaseKeeperTest {

    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(3);
    static final String KEY = "models/locks/shop/api.lock";

    final InMemoryLockObjects store = new InMemoryLockObjects();
    final SettableClock clock = new SettableClock(T0);
    final LeaseLock lock = new LeaseLock(store, new RegistryKeys("models"), clock);
    final ManualSchedule schedule = new ManualSchedule();
    Lease held;

    @BeforeEach
    void acquire() {
        held = lock.tryAcquire("shop/api", "run-a", LEASE).lease();
    }

    @Test
    void renewExtendsTheOwnLeaseFromNowAndKeepsTheAcquisitionTime() {
        clock.now = T0.plus(Duration.ofMinutes(1));

        LeaseLock.Attempt renewed = lock.renew(held, LEASE);

        assertThat(renewed.acquired()).isTrue();
        assertThat(renewed.lease()).isEqualTo(new Lease("shop/api", "run-a", T0, T0.plus(Duration.ofMinutes(4))));
        assertThat(lock.tryAcquire("shop/api", "run-b", LEASE).lease()).isEqualTo(renewed.lease());
    }

    @Test
    void renewIsRefusedOnceAnotherRunTookTheExpiredLockOver() {
        clock.now = T0.plus(LEASE);
        Lease other = lock.tryAcquire("shop/api", "run-b", LEASE).lease();

        LeaseLock.Attempt renewed = lock.renew(held, LEASE);

        assertThat(renewed.acquired()).isFalse();
        assertThat(renewed.lease()).isEqualTo(other);
    }

    @Test
    void aRunThatRenewsEveryThirdOfTheLeaseIsNeverTakenOver() {
        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            for (int tick = 1; tick <= 9; tick++) {
                clock.now = T0.plus(schedule.period.multipliedBy(tick));
                schedule.runDue();
                assertThat(lock.tryAcquire("shop/api", "run-b", LEASE).acquired()).as("tick %d", tick).isFalse();
            }
            assertThat(keeper.lease().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(9)).plus(LEASE));
            assertThatCode(keeper::confirmHeld).doesNotThrowAnyException();
        }
        assertThat(schedule.closed).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"PT30M, PT10M", "PT3M, PT1M", "PT1S, PT0.333333333S", "PT0.002S, PT0.001S"})
    void renewsEveryThirdOfTheLease(Duration lease, Duration every) {
        assertThat(LeaseKeeper.renewEvery(lease)).isEqualTo(every);
        lock.keep(held, lease, schedule).close();
        assertThat(schedule.period).isEqualTo(every);
    }

    @Test
    void aLockOverwrittenByAnotherRunIsReportedLostNamingTheHolder() {
        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            store.put(KEY, ("{\"owner\":\"run-b\",\"acquiredAt\":\"2026-11-27T04:00:30Z\","
                    + "\"expiresAt\":\"2026-11-27T05:00:30Z\"}").getBytes(StandardCharsets.UTF_8));
            clock.now = T0.plus(Duration.ofMinutes(1));
            schedule.runDue();

            assertThatThrownBy(keeper::confirmHeld).isInstanceOf(LockLostException.class)
                    .hasMessage("lost the training lock of shop/api held by run-a: another run (run-b) holds it until "
                            + "2026-11-27T05:00:30Z")
                    .isInstanceOfSatisfying(LockLostException.class,
                            e -> assertThat(e.workload()).isEqualTo("shop/api"));
        }
    }

    @Test
    void aDeletedLockIsReportedLost() {
        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            store.deleteAllVersionsOf(KEY);
            schedule.runDue();

            assertThatThrownBy(keeper::confirmHeld).hasMessage("lost the training lock of shop/api held by run-a: "
                    + "the lock object was deleted by someone else");
        }
    }

    @Test
    void failedRenewalsAreRetriedAndCountAsLostOnlyOnceTheLeaseExpired() {
        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            store.failing = true;
            clock.now = T0.plus(Duration.ofMinutes(1));
            schedule.runDue();
            assertThatCode(keeper::confirmHeld).as("still within the lease").doesNotThrowAnyException();

            clock.now = T0.plus(LEASE);
            schedule.runDue();
            assertThatThrownBy(keeper::confirmHeld).isInstanceOf(LockLostException.class)
                    .hasMessage("lost the training lock of shop/api held by run-a: its lease expired at "
                            + "2026-11-27T04:03:00Z before it could be renewed (last renewal failed: cannot download "
                            + KEY + ": Failed to connect to memory)");
        }
    }

    @Test
    void aRenewalAfterAFailureRestoresTheLease() {
        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            store.failing = true;
            clock.now = T0.plus(Duration.ofMinutes(1));
            schedule.runDue();
            store.failing = false;
            clock.now = T0.plus(Duration.ofMinutes(2));
            schedule.runDue();
            clock.now = T0.plus(Duration.ofMinutes(4));

            assertThatCode(keeper::confirmHeld).doesNotThrowAnyException();
            assertThat(keeper.lease().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void theRenewedLeaseIsTheOneReleaseDeletes() {
        LeaseKeeper keeper = lock.keep(held, LEASE, schedule);
        clock.now = T0.plus(Duration.ofMinutes(1));
        schedule.runDue();
        keeper.close();

        lock.release(keeper.lease());

        assertThat(store.find(KEY)).isEmpty();
    }

    /** A schedule whose task runs when the test says so. */
    static final class ManualSchedule implements LeaseKeeper.Schedule {
        final List<Runnable> tasks = new ArrayList<>();
        Duration period;
        boolean closed;

        @Override
        public AutoCloseable every(Duration every, Runnable task) {
            period = every;
            tasks.add(task);
            return () -> closed = true;
        }

        void runDue() {
            if (!closed) {
                tasks.forEach(Runnable::run);
            }
        }
    }
}
