package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FencedScaleTargetTest {

    private static final TargetRef REF = new TargetRef(TargetKind.Deployment, "api");
    private static final TargetState TARGET = new TargetState("shop", REF, "uid", "7", 3,
            Map.of(), Map.of("app", "api"));
    private static final HpaState HPA = new HpaState("api-hpa", "9", 2, 10);

    private final List<String> calls = new ArrayList<>();
    private boolean leads = true;

    private final ScaleTarget server = new ScaleTarget() {
        @Override
        public Optional<TargetState> target(String namespace, TargetRef ref) {
            calls.add("get");
            return Optional.of(TARGET);
        }

        @Override
        public List<HpaState> hpasFor(String namespace, TargetRef ref) {
            calls.add("hpa");
            return List.of(HPA);
        }

        @Override
        public void patchReplicas(TargetState target, int replicas) {
            calls.add("patch replicas");
        }

        @Override
        public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
            calls.add("patch floor");
        }

        @Override
        public void restoreHpaFloor(String namespace, HpaState hpa) {
            calls.add("restore floor");
        }

        @Override
        public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
            calls.add("retune");
        }

        @Override
        public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
            calls.add("pods");
            return List.of();
        }

        @Override
        public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
            calls.add("event");
        }
    };

    private final Leadership leadership = new Leadership() {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public boolean confirm() {
            calls.add("confirm");
            return leads;
        }

        @Override
        public String identity() {
            return "actuator-a";
        }
    };

    private final FencedScaleTarget fenced = new FencedScaleTarget(server, leadership);

    @Test
    void confirmsLeadershipRightBeforeEveryWriteAndNeverBeforeARead() {
        fenced.target("shop", REF);
        fenced.hpaFor("shop", REF);
        fenced.podStartups("shop", Map.of("app", "api"));
        fenced.patchReplicas(TARGET, 5);
        fenced.patchHpaFloor("shop", HPA, 4);
        fenced.retuneHpa("shop", HPA, HpaTuning.unset(), 4);
        fenced.restoreHpaFloor("shop", HPA);
        fenced.record("shop", REF, Optional.empty(), new TargetEvent(false, "PredictiveScaleUp", "scaled"));

        assertThat(calls).containsExactly("get", "hpa", "pods", "confirm", "patch replicas", "confirm", "patch floor",
                "confirm", "retune", "confirm", "restore floor", "confirm", "event");
    }

    @Test
    void refusesEveryWriteOnceLeadershipIsLostNamingIt() {
        leads = false;

        assertThatThrownBy(() -> fenced.patchReplicas(TARGET, 5)).isInstanceOf(LeadershipLostException.class)
                .hasMessage("actuator-a no longer leads (or cannot confirm it on the Lease): refusing to patch "
                        + "Deployment shop/api; the rest of this tick is abandoned to the leader");
        assertThatThrownBy(() -> fenced.patchHpaFloor("shop", HPA, 4)).isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("refusing to patch HorizontalPodAutoscaler shop/api-hpa");
        assertThatThrownBy(() -> fenced.retuneHpa("shop", HPA, HpaTuning.unset(), 4))
                .isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("refusing to retune HorizontalPodAutoscaler shop/api-hpa");
        assertThatThrownBy(() -> fenced.restoreHpaFloor("shop", HPA)).isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("refusing to restore the floor of HorizontalPodAutoscaler shop/api-hpa");
        assertThatThrownBy(() -> fenced.record("shop", REF, Optional.empty(),
                new TargetEvent(true, "PredictiveHold", "hold"))).isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("refusing to write Event PredictiveHold on Deployment shop/api");
        assertThat(calls).containsExactly("confirm", "confirm", "confirm", "confirm", "confirm");
        assertThat(fenced.target("shop", REF)).contains(TARGET);
    }
}
