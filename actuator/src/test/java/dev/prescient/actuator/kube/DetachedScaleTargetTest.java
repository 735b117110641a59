package dev.prescient.actuator.kube;

import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.prescient.actuator.testing.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetachedScaleTargetTest {

    private final WorkloadConfig dryRunOnly = new WorkloadConfig(List.of(
            spec("shop", "api", ScalingMode.DRY_RUN, 2, 10),
            spec("shop", "web", ScalingMode.DRY_RUN, 3, 6)));

    @Test
    void refusesAWorkloadThatWouldChangeAClusterNamingIt() {
        WorkloadConfig mixed = new WorkloadConfig(List.of(
                spec("shop", "api", ScalingMode.DRY_RUN, 2, 10),
                spec("shop", "web", ScalingMode.HPA_FLOOR, 3, 6)));
        assertThatThrownBy(() -> new DetachedScaleTarget(mixed))
                .hasMessageContaining("shop/web")
                .hasMessageContaining("hpa-floor")
                .hasMessageContaining("prescient.actuator.kubernetes.enabled=false");
    }

    @Test
    void everyConfiguredTargetRunsAtItsMinReplicasWithoutHpaOrPods() {
        DetachedScaleTarget detached = new DetachedScaleTarget(dryRunOnly);
        TargetRef web = dryRunOnly.workloads().get(1).target();

        Optional<TargetState> state = detached.target("shop", web);
        assertThat(state).get().extracting(TargetState::replicas).isEqualTo(3);
        assertThat(state.get().paused()).isFalse();
        assertThat(detached.hpaFor("shop", web)).isEmpty();
        assertThat(detached.podStartups("shop", Map.of("app", "web"))).isEmpty();
        assertThat(detached.target("other", web)).isEmpty();
        assertThat(detached.target("shop", new TargetRef(TargetKind.StatefulSet, "nope"))).isEmpty();
    }

    @Test
    void neverPatches() {
        DetachedScaleTarget detached = new DetachedScaleTarget(dryRunOnly);
        TargetState api = detached.target("shop", dryRunOnly.workloads().get(0).target()).orElseThrow();
        assertThatThrownBy(() -> detached.patchReplicas(api, 5)).hasMessageContaining("shop/api");
        assertThatThrownBy(() -> detached.patchHpaFloor("shop", new HpaState("api", "1", 2, 10), 5))
                .hasMessageContaining("HPA shop/api");
        assertThatThrownBy(() -> detached.retuneHpa("shop", new HpaState("api", "1", 2, 10), HpaTuning.unset(), 5))
                .hasMessageContaining("retune HPA shop/api");
    }
}
