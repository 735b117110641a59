package dev.prescient.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadConfigTest {

    private static WorkloadSpec spec(String namespace, String name) {
        return new WorkloadSpec(name, namespace, new TargetRef(TargetKind.Deployment, name), "q", 10, 0.7, 1, 5,
                Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30), Optional.empty(),
                ScalingMode.DRY_RUN);
    }

    private final WorkloadConfig config = new WorkloadConfig(List.of(spec("payments", "api"), spec("shop", "api")));

    @Test
    void findsWorkloadsByNamespaceAndName() {
        assertThat(config.find("shop/api")).contains(spec("shop", "api"));
        assertThat(config.get("payments/api")).isEqualTo(spec("payments", "api"));
        assertThat(config.find("api")).isEmpty();
    }

    @Test
    void listsKeysInFileOrder() {
        assertThat(config.keys()).containsExactly("payments/api", "shop/api");
    }

    @Test
    void namesTheUnknownKeyAndTheKnownOnes() {
        assertThatThrownBy(() -> config.get("payments/web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no workload 'payments/web' in the configuration; known workloads: payments/api, shop/api");
    }
}
