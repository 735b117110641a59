package dev.prescient.predictor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.ServerProcesses;
import dev.prescient.predictor.testing.DailyLoad;
import dev.prescient.predictor.testing.PackagedPredictor;
import dev.prescient.predictor.testing.ProductionJvm;
import dev.prescient.predictor.testing.RawHttp;
import dev.prescient.predictor.testing.RealServers;
import dev.prescient.predictor.testing.Watch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe of issue 18 against the <em>packaged</em> predictor, run as its own process with the pod's JVM
 * ({@link ProductionJvm}: {@code -Xmx576m}, Serial GC, two processors), a real Prometheus for its history and
 * no registry: 8 concurrent POSTs of 10 MB (10,000,000 bytes of {@code 1,}: five million values, the body that
 * took the unbounded predictor to OutOfMemoryErrors and unanswered probes). Every one must be answered 413 or
 * 400, and during and after them liveness, a {@code GET /forecast} and a small {@code POST /forecast} must
 * answer within one second. The same body sent chunked (no {@code Content-Length} to refuse it by) must be
 * refused too: 400 at the value cap, or 503 {@code busy} beyond the concurrent POSTs allowed.
 */
class HostileInputIT {

    static final int ATTACKERS = 8;
    static final int BODY_BYTES = 10_000_000;
    static final Duration WITHIN = Duration.ofSeconds(1);

    static Path dir;
    static PrometheusServer prometheus;
    static PackagedPredictor predictor;
    static byte[] attack;

    @BeforeAll
    static void startThePackagedPredictor() throws Exception {
        dir = Files.createTempDirectory("predictor-hostile-it-");
        prometheus = PrometheusServer.start(RealServers.backfill(Instant.now().truncatedTo(ChronoUnit.MINUTES)));
        Path workloads = Files.writeString(dir.resolve("workloads.yaml"), """
                workloads:
                  - {name: api, namespace: shop, target: {kind: Deployment, name: api}, capacityPerPod: 50,
                     query: 'prescient_test_rps{workload="api"}', minReplicas: 1, maxReplicas: 20, step: 5m,
                     horizon: 30m, mode: dry-run}
                """);
        assertThat(ProductionJvm.heapMiB()).as("the pod's heap: 768Mi limit x MaxRAMPercentage=75").isEqualTo(576);
        predictor = PackagedPredictor.start(dir, ProductionJvm.options(), Map.of(
                "prescient.predictor.workloads-file", workloads.toString(),
                "prescient.predictor.model-cache-dir", dir.resolve("models").toString(),
                "prescient.prometheus.url", prometheus.url().toString()));
        attack = attackBody();
    }

    @AfterAll
    static void stop() {
        if (predictor != null) {
            predictor.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (dir != null) {
            ServerProcesses.deleteRecursively(dir);
        }
    }

    @Test
    void eightConcurrentTenMegabytePostsAre413WhileLivenessAndSmallRequestsAnswerWithinASecond() throws Exception {
        Probe probe = probe(RawHttp.post("/forecast", "application/json", attack));

        assertThat(probe.statuses()).as("answers to the 10 MB POSTs").isEqualTo(Map.of(413, ATTACKERS));
        assertThat(probe.answers()).allSatisfy(a -> assertThat(a.body()).startsWith("{\"error\":\"body-too-large\""));
        probe.assertEveryWatchedRequestAnsweredWithin(WITHIN, Set.of(200));
    }

    @Test
    void eightConcurrentChunkedTenMegabytePostsAreRefusedWhileLivenessAndGetsAnswerWithinASecond() throws Exception {
        Probe probe = probe(RawHttp.postChunked("/forecast", "application/json", attack));

        assertThat(probe.statuses().keySet()).as("answers to the chunked 10 MB POSTs").isSubsetOf(400, 413, 503);
        assertThat(probe.answers()).allSatisfy(a -> assertThat(a.body()).matches(
                "\\{\"error\":\"(bad-parameter|body-too-large|busy)\",\"detail\":\".*\"}|"));
        assertThat(probe.answers()).filteredOn(a -> a.status() == 400).allSatisfy(a -> assertThat(a.body())
                .contains("history.values: must hold 1 to 100000 values, got more; the body was read no further"));
        // a small POST may meet the big ones holding every POST permit: 503 busy, at once
        probe.assertEveryWatchedRequestAnsweredWithin(WITHIN, Set.of(200, 503));
    }

    /** The 8 POSTs at once while liveness and small requests are watched, from before until 2 s after them. */
    private static Probe probe(byte[] request) throws Exception {
        Watch watch = new Watch(Duration.ofMillis(100))
                .get("liveness", predictor.uri("/q/health/live"))
                .get("GET /forecast", predictor.uri("/forecast?workload=shop/api"))
                .postJson("small POST /forecast", predictor.uri("/forecast"), smallBody())
                .start();
        Thread.sleep(500);
        long attackStarted = System.nanoTime();
        List<RawHttp.Answer> answers = new ArrayList<>();
        ExecutorService attackers = Executors.newFixedThreadPool(ATTACKERS);
        try {
            List<Future<RawHttp.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                sent.add(attackers.submit(() -> RawHttp.send(predictor.port(), request, 60_000)));
            }
            for (Future<RawHttp.Answer> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            attackers.shutdownNow();
        }
        long attackEnded = System.nanoTime();
        Thread.sleep(2_000);
        List<Watch.Sample> samples = watch.stop();
        return new Probe(answers, samples, attackStarted, attackEnded);
    }

    private record Probe(List<RawHttp.Answer> answers, List<Watch.Sample> samples, long attackStarted,
                         long attackEnded) {

        Map<Integer, Integer> statuses() {
            return answers.stream().collect(Collectors.toMap(RawHttp.Answer::status, a -> 1, Integer::sum,
                    TreeMap::new));
        }

        void assertEveryWatchedRequestAnsweredWithin(Duration limit, Set<Integer> smallPostStatuses) {
            Map<String, List<Watch.Sample>> byName = samples.stream().collect(Collectors.groupingBy(Watch.Sample::name,
                    TreeMap::new, Collectors.toList()));
            StringBuilder figures = new StringBuilder("probe: " + answers.size() + " POSTs answered " + statuses()
                    + " in " + Duration.ofNanos(attackEnded - attackStarted).toMillis() + " ms");
            byName.forEach((name, list) -> figures.append(String.format("; %s: %d answers %s, max %.3f s (%d during)",
                    name, list.size(), list.stream().collect(Collectors.groupingBy(Watch.Sample::status, TreeMap::new,
                            Collectors.counting())), list.stream().mapToLong(s -> s.took().toNanos()).max()
                            .orElse(0) / 1e9, list.stream().filter(this::during).count())));
            System.out.println(figures);

            assertThat(byName).containsOnlyKeys("liveness", "GET /forecast", "small POST /forecast");
            assertThat(predictor.alive()).as("the predictor process is alive").isTrue();
            assertThat(predictor.log()).doesNotContain("OutOfMemoryError");
            byName.forEach((name, list) -> {
                assertThat(list).as(name + " during the POSTs").anyMatch(this::during);
                assertThat(list).as(name + " after the POSTs").anyMatch(s -> s.atNanos() > attackEnded);
                assertThat(list).as(name + " answered within " + limit)
                        .allSatisfy(s -> assertThat(s.took()).isLessThan(limit));
            });
            assertThat(byName.get("liveness")).extracting(Watch.Sample::status).containsOnly(200);
            assertThat(byName.get("GET /forecast")).extracting(Watch.Sample::status).containsOnly(200);
            assertThat(byName.get("small POST /forecast")).extracting(Watch.Sample::status)
                    .allMatch(smallPostStatuses::contains).contains(200);
        }

        private boolean during(Watch.Sample s) {
            return s.atNanos() + s.took().toNanos() >= attackStarted && s.atNanos() <= attackEnded;
        }
    }

    /** 10,000,000 bytes: a request whose history holds five million values of {@code 1}. */
    private static byte[] attackBody() {
        byte[] head = ("{\"workload\": \"shop/api\", \"horizon\": \"30m\", \"history\": {\"start\": "
                + "\"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, \"values\": [").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "1]}}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[BODY_BYTES];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = head.length; i < BODY_BYTES - tail.length; i += 2) {
            body[i] = '1';
            body[i + 1] = ',';
        }
        System.arraycopy(tail, 0, body, BODY_BYTES - tail.length, tail.length);
        if (body[BODY_BYTES - tail.length - 1] != ',') {
            // keep the JSON well-formed whatever the head's parity
            body[BODY_BYTES - tail.length - 1] = ' ';
        }
        return body;
    }

    /** Three days of history at 5 m: 864 values, about 4 KB. */
    private static String smallBody() {
        double[] values = DailyLoad.values(Instant.parse("2026-11-23T00:00:00Z"), DailyLoad.STEP, 864, 7);
        return "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-23T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": " + Arrays.toString(Arrays.stream(values).map(Math::rint).toArray()) + "}}";
    }
}
