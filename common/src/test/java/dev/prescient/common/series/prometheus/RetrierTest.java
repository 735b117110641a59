package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    private Retrier retrier(int retries, Duration backoff) {
        return new Retrier(retries, backoff, waits::add);
    }

    private String failTransiently(int failures) {
        if (calls.incrementAndGet() <= failures) {
            throw new IllegalStateException("transient " + calls.get());
        }
        return "ok after " + calls.get();
    }

    @Test
    void retriesTransientFailuresWithDoublingBackoffUntilSuccess() throws Exception {
        String result = retrier(3, Duration.ofMillis(10)).call("test", () -> failTransiently(2), e -> true);

        assertThat(result).isEqualTo("ok after 3");
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void throwsTheLastFailureAfterAllAttempts() {
        Retrier retrier = retrier(3, Duration.ofMillis(10));

        assertThatThrownBy(() -> retrier.call("test", () -> failTransiently(10), e -> true))
                .hasMessage("transient 4");
        assertThat(calls).hasValue(4);
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @Test
    void throwsAFailureThatIsNotTransientWithoutRetrying() {
        Retrier retrier = retrier(3, Duration.ofMillis(10));

        assertThatThrownBy(() -> retrier.call("test", () -> failTransiently(10), e -> false))
                .hasMessage("transient 1");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void capsTheBackoffAtOneMinute() {
        Retrier retrier = retrier(3, Duration.ofSeconds(40));

        assertThatThrownBy(() -> retrier.call("test", () -> failTransiently(10), e -> true))
                .hasMessage("transient 4");
        assertThat(waits).containsExactly(Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    @Test
    void triesOnceWhenRetriesAreZero() {
        Retrier retrier = retrier(0, Duration.ofMillis(10));

        assertThatThrownBy(() -> retrier.call("test", () -> failTransiently(10), e -> true))
                .hasMessage("transient 1");
        assertThat(retrier.attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }
}
