package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.testing.S3MockServer;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseLockIT {

    static final String BUCKET = "prescient-locks";
    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(30);

    static S3MockServer server;
    static MinioClient raw;

    SettableClock clock;
    LeaseLock lock;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3MockServer.start();
        raw = MinioClient.builder().endpoint(server.endpoint().toString()).credentials("test", "test").build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newLock() {
        clock = new SettableClock(T0);
        lock = new LeaseLock(new RegistrySettings(server.endpoint(), BUCKET, "models", "test", "secret", null, null),
                clock);
    }

    @Test
    void refusesASecondOwnerWhileTheFirstHoldsNamingTheHolderAndExpiry() throws Exception {
        LeaseLock.Attempt first = lock.tryAcquire("shop/held", "run-a", LEASE);
        clock.now = T0.plus(Duration.ofMinutes(29));

        LeaseLock.Attempt second = lock.tryAcquire("shop/held", "run-b", LEASE);

        assertThat(first.acquired()).isTrue();
        assertThat(first.lease()).isEqualTo(new Lease("shop/held", "run-a", T0, T0.plus(LEASE)));
        assertThat(second.acquired()).isFalse();
        assertThat(second.lease()).isEqualTo(first.lease());
        assertThat(body("models/locks/shop/held.lock")).isEqualTo("{\"owner\":\"run-a\","
                + "\"acquiredAt\":\"2026-11-27T04:00:00Z\",\"expiresAt\":\"2026-11-27T04:30:00Z\"}");
    }

    @Test
    void anExpiredLeaseCanBeTakenOverAndItsOldOwnerCannotReleaseIt() {
        Lease old = lock.tryAcquire("shop/expired", "run-a", LEASE).lease();
        clock.now = T0.plus(LEASE);

        LeaseLock.Attempt takeover = lock.tryAcquire("shop/expired", "run-b", LEASE);
        lock.release(old);

        assertThat(takeover.acquired()).isTrue();
        assertThat(takeover.lease()).isEqualTo(new Lease("shop/expired", "run-b", T0.plus(LEASE),
                T0.plus(LEASE).plus(LEASE)));
        assertThat(lock.tryAcquire("shop/expired", "run-c", LEASE).lease()).isEqualTo(takeover.lease());
    }

    @Test
    void releaseByTheOwnerFreesTheLock() {
        Lease lease = lock.tryAcquire("shop/freed", "run-a", LEASE).lease();

        lock.release(lease);
        LeaseLock.Attempt next = lock.tryAcquire("shop/freed", "run-b", LEASE);

        assertThat(next.acquired()).isTrue();
        assertThat(next.lease().owner()).isEqualTo("run-b");
    }

    @Test
    void releaseOfALeaseThatIsNotTheCurrentOneLeavesTheLockInPlace() {
        Lease held = lock.tryAcquire("shop/other", "run-a", LEASE).lease();
        Lease impostor = new Lease("shop/other", "run-b", T0, T0.plus(LEASE));

        lock.release(impostor);

        assertThat(lock.tryAcquire("shop/other", "run-b", LEASE).lease()).isEqualTo(held);
    }

    @Test
    void theSameOwnerRenewsItsOwnLease() {
        lock.tryAcquire("shop/renew", "run-a", LEASE);
        clock.now = T0.plus(Duration.ofMinutes(10));

        LeaseLock.Attempt renewed = lock.tryAcquire("shop/renew", "run-a", LEASE);

        assertThat(renewed.acquired()).isTrue();
        assertThat(renewed.lease().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
    }

    @Test
    void renewalRewritesTheStoredLockWithTheLaterExpiry() throws Exception {
        Lease held = lock.tryAcquire("shop/renewed", "run-a", LEASE).lease();
        clock.now = T0.plus(Duration.ofMinutes(20));

        LeaseLock.Attempt renewed = lock.renew(held, LEASE);
        clock.now = T0.plus(Duration.ofMinutes(45));

        assertThat(renewed.acquired()).isTrue();
        assertThat(body("models/locks/shop/renewed.lock")).isEqualTo("{\"owner\":\"run-a\","
                + "\"acquiredAt\":\"2026-11-27T04:00:00Z\",\"expiresAt\":\"2026-11-27T04:50:00Z\"}");
        assertThat(lock.tryAcquire("shop/renewed", "run-b", LEASE).acquired()).isFalse();
        lock.release(renewed.lease());
        assertThat(lock.tryAcquire("shop/renewed", "run-b", LEASE).acquired()).isTrue();
    }

    @Test
    void aKeeperWhoseLockWasTakenOverReportsItLost() {
        Lease held = lock.tryAcquire("shop/taken", "run-a", LEASE).lease();
        clock.now = T0.plus(LEASE);
        Lease other = lock.tryAcquire("shop/taken", "run-b", LEASE).lease();
        LeaseKeeperTest.ManualSchedule schedule = new LeaseKeeperTest.ManualSchedule();

        try (LeaseKeeper keeper = lock.keep(held, LEASE, schedule)) {
            schedule.runDue();

            assertThatThrownBy(keeper::confirmHeld).isInstanceOf(LockLostException.class)
                    .hasMessage("lost the training lock of shop/taken held by run-a: another run (run-b) holds it"
                            + " until " + other.expiresAt());
        }
    }

    @Test
    void theStoreRefusesAConditionalCreateOverAnExistingLock() throws Exception {
        lock.tryAcquire("shop/race", "run-a", LEASE);
        byte[] other = "{\"owner\":\"run-b\"}".getBytes(StandardCharsets.UTF_8);

        ErrorResponseException refused = null;
        try {
            raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object("models/locks/shop/race.lock")
                    .stream(new ByteArrayInputStream(other), other.length, -1)
                    .headers(Map.of("If-None-Match", "*")).build());
        } catch (ErrorResponseException e) {
            refused = e;
        }

        assertThat(refused).as("S3Mock should honour If-None-Match: *").isNotNull();
        assertThat(refused.errorResponse().code()).isEqualTo("PreconditionFailed");
        assertThat(body("models/locks/shop/race.lock")).contains("\"owner\":\"run-a\"");
    }

    private static String body(String key) throws Exception {
        try (InputStream in = raw.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final class SettableClock extends Clock {
        Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

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
            return now;
        }
    }
}
