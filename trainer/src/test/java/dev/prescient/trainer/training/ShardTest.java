package dev.prescient.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The split of the workloads over shards. The pinned assignments were computed outside Java, with Python's
 * {@code hashlib}: {@code int.from_bytes(sha256(key.encode()).digest()[:8], 'big') % count}, so they hold for
 * any JVM and any later version that keeps the documented hash.
 */
class ShardTest {

    @ParameterizedTest(name = "{0} is in shard {2} of 4 and {3} of 16")
    @CsvSource({
            "payments/api,        81c382dc1f407346, 2,  6",
            "shop/checkout,       1dfc2ea56f23fbee, 2, 14",
            "shop/web,            97375646b1deb3d2, 2,  2",
            "trace/twitter,       be82e471d456c331, 1,  1",
            "default/frontend,    b1bb45d1b9e701fa, 2, 10",
            "kube-system/coredns, 1444b0647cdf399b, 3, 11",
            "prescient/predictor, 6ad170f20c0634b4, 0,  4",
            "ml/feature-store,    c2e3978a9a0c563d, 1, 13",
    })
    void assignsNamedWorkloadsToTheirPinnedShards(String workload, String hash, int of4, int of16) {
        assertThat(Shard.hash(workload)).isEqualTo(Long.parseUnsignedLong(hash, 16));
        assertThat(Shard.of(workload, 4)).isEqualTo(of4);
        assertThat(Shard.of(workload, 16)).isEqualTo(of16);
        assertThat(new Shard(of4, 4).owns(workload)).isTrue();
        assertThat(new Shard((of4 + 1) % 4, 4).owns(workload)).isFalse();
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3, 4, 7, 16, 64})
    void balancesTenThousandNamesWithinThirtyPercentOfTheMean(int count) {
        int[] sizes = new int[count];
        for (String name : syntheticNames(10_000)) {
            sizes[Shard.of(name, count)]++;
        }
        double mean = 10_000.0 / count;
        int largest = IntStream.of(sizes).max().orElseThrow();
        assertThat(largest).as("largest of %d shards, mean %.1f", count, mean).isLessThanOrEqualTo((int) (1.3 * mean));
        assertThat(IntStream.of(sizes).min().orElseThrow()).as("no empty shard").isPositive();
    }

    @Test
    void theShardsOfACountPartitionTheListKeepingItsOrder() {
        List<WorkloadSpec> workloads = specs(syntheticNames(200));
        List<WorkloadSpec> union = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<WorkloadSpec> part = new Shard(i, 5).select(workloads);
            assertThat(part).isSubsetOf(workloads);
            assertThat(workloads.stream().filter(part::contains).toList()).as("configured order").isEqualTo(part);
            union.addAll(part);
        }
        assertThat(union).hasSize(workloads.size()).containsExactlyInAnyOrderElementsOf(workloads);
    }

    @Test
    void aWorkloadKeepsItsShardWhenOthersAreAddedOrRemoved() {
        List<String> before = syntheticNames(100);
        List<String> after = new ArrayList<>(List.of("new/one", "new/two"));
        after.addAll(before.subList(30, 100));
        for (int i = 0; i < 8; i++) {
            Shard shard = new Shard(i, 8);
            List<String> keptBefore = keys(shard.select(specs(before))).stream().filter(after::contains).toList();
            List<String> keptAfter = keys(shard.select(specs(after))).stream().filter(before::contains).toList();
            assertThat(keptAfter).as("shard %s", shard).isEqualTo(keptBefore);
        }
    }

    @Test
    void theWholeListIsShardZeroOfOne() {
        List<WorkloadSpec> workloads = specs(syntheticNames(50));

        assertThat(Shard.ALL.select(workloads)).isEqualTo(workloads);
        assertThat(Shard.ALL).hasToString("0/1");
        assertThat(new Shard(2, 4)).hasToString("2/4");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0|the shard count must be at least 1, got 0",
            "4|4|shard index 4 is out of range for 4 shards: it must be in 0..3",
            "-1|4|shard index -1 is out of range for 4 shards: it must be in 0..3",
    })
    void refusesAnIndexOutsideTheCount(int index, int count, String message) {
        assertThatThrownBy(() -> new Shard(index, count)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    /** {@code team-NN/service-NNNNN}: 50 namespaces, names differing in a few digits, as real fleets do. */
    static List<String> syntheticNames(int n) {
        return IntStream.range(0, n).mapToObj(i -> "team-%02d/service-%05d".formatted(i % 50, i)).toList();
    }

    private static List<WorkloadSpec> specs(List<String> keys) {
        return keys.stream().map(ShardTest::spec).toList();
    }

    private static List<String> keys(List<WorkloadSpec> workloads) {
        return workloads.stream().map(WorkloadSpec::key).toList();
    }

    private static WorkloadSpec spec(String key) {
        String[] parts = key.split("/");
        return new WorkloadSpec(parts[1], parts[0], new TargetRef(TargetKind.Deployment, parts[1]), "q", 10, 0.7, 1, 5,
                Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30), Optional.empty(),
                ScalingMode.DRY_RUN);
    }
}
