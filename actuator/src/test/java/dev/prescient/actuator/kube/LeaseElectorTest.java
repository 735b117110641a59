package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The election rules on an in-memory Lease and clocks the test moves: observed time, never clock readings. */
class LeaseElectorTest {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RENEW = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** Monotonic time shared by the candidates (their clock rates are alike; their wall clocks need not be). */
    private final AtomicLong mono = new AtomicLong();
    private final MemoryLeaseStore store = new MemoryLeaseStore();

    /** One Lease in memory, with the API server's optimistic concurrency. */
    static final class MemoryLeaseStore implements LeaseStore {
        LeaseRecord stored;
        int version;
        Runnable beforeUpdate = () -> { };

        @Override
        public synchronized Optional<LeaseRecord> read() {
            return Optional.ofNullable(stored);
        }

        @Override
        public synchronized LeaseRecord create(LeaseRecord record) {
            if (stored != null) {
                throw new KubernetesClientException("already exists", 409, null);
            }
            return store(record);
        }

        @Override
        public LeaseRecord update(LeaseRecord record) {
            beforeUpdate.run();
            synchronized (this) {
                if (stored == null || !stored.resourceVersion().equals(record.resourceVersion())) {
                    throw new KubernetesClientException("conflict", 409, null);
                }
                return store(record);
            }
        }

        private LeaseRecord store(LeaseRecord record) {
            stored = record.withResourceVersion(String.valueOf(++version));
            return stored;
        }

        @Override
        public String describe() {
            return "test/lease";
        }
    }

    /** A wall clock that advances with the shared monotonic time, {@code skew} away from the true time. */
    private Clock wall(Duration skew) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return T0.plus(skew).plusNanos(mono.get());
            }
        };
    }

    private LeaseElector candidate(String identity, Duration skew) {
        return new LeaseElector(store, new LeaseSettings("test", "lease", identity, LEASE, RENEW, RETRY, true),
                wall(skew), mono::get);
    }

    private void advance(Duration d) {
        mono.addAndGet(d.toNanos());
    }

    @Test
    void takesALeaseNobodyHoldsAtOnce() {
        LeaseElector a = candidate("a", Duration.ZERO);

        assertThat(a.tryAcquireOrRenew()).isTrue();

        assertThat(a.leading(mono.get())).isTrue();
        assertThat(store.stored.holder()).isEqualTo("a");
        assertThat(store.stored.renewTime()).isEqualTo(T0);
    }

    /** The holder's renewTime is 20 s (or an hour) old by the standby's clock, yet the lease is live. */
    @ParameterizedTest(name = "standby clock {0} s ahead")
    @ValueSource(longs = {20, 3600})
    void aStandbyWhoseClockRunsAheadDoesNotTakeALeaseThatIsBeingRenewed(long aheadSeconds) {
        LeaseElector a = candidate("a", Duration.ZERO);
        LeaseElector b = candidate("b", Duration.ofSeconds(aheadSeconds));
        a.tryAcquireOrRenew();

        for (int i = 0; i < 30; i++) {
            assertThat(b.tryAcquireOrRenew()).as("attempt %d", i).isFalse();
            assertThat(store.stored.renewTime().plus(LEASE)).isBefore(wall(Duration.ofSeconds(aheadSeconds)).instant());
            advance(RETRY);
            assertThat(a.tryAcquireOrRenew()).isTrue();
        }

        assertThat(store.stored.holder()).isEqualTo("a");
        assertThat(store.stored.transitions()).isZero();
        assertThat(b.leading(mono.get())).isFalse();
    }

    /** Whatever its wall clock says, a standby takes a dead holder's lease after exactly one lease of observation. */
    @ParameterizedTest(name = "standby clock {0} s off")
    @ValueSource(longs = {-3600, -20, 0, 20, 3600})
    void aStandbyTakesADeadHoldersLeaseAfterSeeingItUnchangedForTheLeaseDuration(long skewSeconds) {
        LeaseElector a = candidate("a", Duration.ZERO);
        LeaseElector b = candidate("b", Duration.ofSeconds(skewSeconds));
        a.tryAcquireOrRenew();
        advance(Duration.ofSeconds(1));
        assertThat(b.tryAcquireOrRenew()).as("first sight").isFalse();

        advance(LEASE.minusMillis(1));
        assertThat(b.tryAcquireOrRenew()).as("1 ms short of the lease").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(b.tryAcquireOrRenew()).as("unchanged for the lease duration").isTrue();

        assertThat(store.stored.holder()).isEqualTo("b");
        assertThat(store.stored.transitions()).isEqualTo(1);
        assertThat(a.leading(mono.get())).as("the old holder's renew deadline passed long before").isFalse();
        assertThat(a.tryAcquireOrRenew()).as("the old holder comes back").isFalse();
    }

    @Test
    void aHolderWhoseRenewalsStallStopsLeadingAtItsRenewDeadlineBeforeAnyoneCanTakeOver() {
        LeaseElector a = candidate("a", Duration.ZERO);
        a.tryAcquireOrRenew();
        long renewed = mono.get();

        assertThat(a.leading(renewed + RENEW.toNanos() - 1)).isTrue();
        assertThat(a.leading(renewed + RENEW.toNanos())).isFalse();

        store.beforeUpdate = () -> {
            throw new KubernetesClientException("API server unreachable");
        };
        advance(RETRY);
        assertThatThrownBy(a::tryAcquireOrRenew).isInstanceOf(KubernetesClientException.class);
        assertThat(a.leading(renewed + RENEW.toNanos())).as("a failed renewal does not extend it").isFalse();
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceEvenByACandidateThatJustStarted() {
        LeaseElector a = candidate("a", Duration.ZERO);
        a.tryAcquireOrRenew();

        a.release();
        LeaseElector b = candidate("b", Duration.ZERO);

        assertThat(a.leading(mono.get())).isFalse();
        assertThat(b.tryAcquireOrRenew()).isTrue();
        assertThat(store.stored.holder()).isEqualTo("b");
    }

    @Test
    void ofTwoCandidatesTakingAnExpiredLeaseTheSlowerGets409AndDoesNotLead() {
        LeaseElector a = candidate("a", Duration.ZERO);
        LeaseElector b = candidate("b", Duration.ZERO);
        LeaseElector c = candidate("c", Duration.ZERO);
        a.tryAcquireOrRenew();
        b.tryAcquireOrRenew();
        c.tryAcquireOrRenew();
        advance(LEASE);
        store.beforeUpdate = () -> {
            store.beforeUpdate = () -> { };
            assertThat(c.tryAcquireOrRenew()).isTrue();
        };

        assertThatThrownBy(b::tryAcquireOrRenew).isInstanceOf(KubernetesClientException.class)
                .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(409);

        assertThat(b.leading(mono.get())).isFalse();
        assertThat(c.leading(mono.get())).isTrue();
        assertThat(store.stored.holder()).isEqualTo("c");
    }

    @Test
    void aStoppedCandidateNeverLeadsAgain() {
        LeaseElector a = candidate("a", Duration.ZERO);
        a.tryAcquireOrRenew();

        a.abdicate();

        assertThat(a.leading(mono.get())).isFalse();
        assertThat(a.tryAcquireOrRenew()).isFalse();
        assertThat(a.leading(mono.get())).isFalse();
    }
}
