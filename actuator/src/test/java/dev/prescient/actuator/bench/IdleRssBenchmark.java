package dev.prescient.actuator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's own memory at idle with {@value #WORKLOADS} workloads: this JVM runs the fabric8 mock API server (CRUD
 * mode, 1,000 Deployments with an HPA each, hpa-floor) and WireMock as the predictor; the actuator runs as a separate
 * process from its packaged {@code target/quarkus-app/quarkus-run.jar} with the heap its Deployment gives it (60 % of
 * the 640 Mi limit: {@code -Xmx384m}), informers on, leader election off, a 20 s interval. After its first tick (every
 * floor raised 2 -> 5, which takes the first ticks on the mock API server) and the idle ticks after them (nothing to
 * change), its VmRSS after every tick from the second is read from {@code /proc/<pid>/status}, then its heap from
 * {@code jcmd <pid> GC.heap_info}.
 * Package first, then run:
 * {@code ./mvnw -B -o -pl actuator -am package -DskipTests} and
 * {@code ./mvnw -B -o -pl actuator -am test -Dgroups=benchmark -Dtest=IdleRssBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class IdleRssBenchmark {

    static final int WORKLOADS = 1000;
    /** Enough ticks for the first ones (raising every floor, within the 12 s deadline) to end and three idle ones. */
    private static final int TICKS_WANTED = 6;
    private static final String NS = "fleet";
    private static final Pattern TICKS = Pattern.compile("(?m)^prescient_tick_duration_seconds_count\\S* (\\S+)$");

    @Test
    void actuatorRssAtIdleWithAThousandWorkloads() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the actuator first: ./mvnw -B -o -pl actuator -am package -DskipTests").exists();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init();
        WireMockServer predictor = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        predictor.start();
        Process actuator = null;
        try (KubernetesClient client = api.createClient()) {
            List<WorkloadSpec> specs = IntStream.range(0, WORKLOADS).mapToObj(i -> Fixtures.spec(NS,
                    String.format("app-%04d", i), ScalingMode.HPA_FLOOR, 1, 40, Optional.empty())).toList();
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            Fixtures fx = new Fixtures(client, predictor, json);
            ForkJoinPool creators = new ForkJoinPool(8);
            creators.submit(() -> specs.parallelStream().forEach(s -> {
                fx.deployment(NS, s.name(), 2, Map.of());
                fx.hpa(NS, s.name(), 2, 40);
            })).get(10, TimeUnit.MINUTES);
            creators.shutdown();
            List<ForecastBatch.Result> results = specs.stream()
                    .map(s -> ForecastBatch.Result.of(Fixtures.flat(s, Instant.now(), 412,
                            "model"))).toList();
            predictor.stubFor(post(urlPathEqualTo("/forecasts")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(new ForecastBatch.Response(results)))));

            Path workloads = Files.createTempFile("workloads-", ".yaml");
            Files.writeString(workloads, yaml(specs));
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx384m", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(Path.of("target/idle-rss-actuator.log").toFile());
            builder.environment().putAll(Map.of(
                    "PRESCIENT_WORKLOADS_FILE", workloads.toString(),
                    "PRESCIENT_PREDICTOR_URL", "http://127.0.0.1:" + predictor.port(),
                    "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", api.url("/").replaceAll("/$", ""),
                    "QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true",
                    "QUARKUS_KUBERNETES_CLIENT_NAMESPACE", NS,
                    "PRESCIENT_ACTUATOR_LEADER_ELECTION_ENABLED", "false",
                    "PRESCIENT_ACTUATOR_INTERVAL", "20s",
                    "PRESCIENT_ACTUATOR_FIRST_TICK_DELAY", "2s",
                    "QUARKUS_HTTP_PORT", String.valueOf(port)));
            long started = System.nanoTime();
            actuator = builder.start();
            List<String> samples = new ArrayList<>();
            double ticks = 0;
            while (ticks < TICKS_WANTED && System.nanoTime() - started < TimeUnit.MINUTES.toNanos(6)) {
                TimeUnit.SECONDS.sleep(2);
                assertThat(actuator.isAlive()).as("the actuator runs (see target/idle-rss-actuator.log)").isTrue();
                double now = ticks(port);
                if (now > ticks && now >= 2) {
                    samples.add(String.format("after tick %.0f: %s", now, rss(actuator.pid())));
                }
                ticks = now;
            }
            assertThat(ticks).as("ticks within 6 minutes").isGreaterThanOrEqualTo(TICKS_WANTED);
            System.out.printf("==== actuator idle RSS: %d workloads (Deployment + HPA, hpa-floor), informers on, "
                            + "-Xmx384m, 2 cores, load average %s%n", WORKLOADS,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            samples.forEach(s -> System.out.println("actuator VmRSS    " + s));
            System.out.println("actuator VmHWM    " + status(actuator.pid(), "VmHWM:"));
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(actuator.pid()), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String heap = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
            heap.lines().filter(l -> l.contains("total") || l.contains("Metaspace") || l.contains("class space"))
                    .forEach(l -> System.out.println("actuator heap     " + l.strip()));
        } finally {
            if (actuator != null) {
                actuator.destroy();
                actuator.waitFor(20, TimeUnit.SECONDS);
            }
            predictor.stop();
            api.destroy();
        }
    }

    private static String yaml(List<WorkloadSpec> specs) {
        StringBuilder sb = new StringBuilder("workloads:\n");
        for (WorkloadSpec s : specs) {
            sb.append("  - name: ").append(s.name()).append("\n    namespace: ").append(s.namespace())
                    .append("\n    target: {kind: Deployment, name: ").append(s.name()).append("}")
                    .append("\n    query: 'sum(rate(requests_total{app=\"").append(s.name()).append("\"}[1m]))'")
                    .append("\n    capacityPerPod: 100\n    targetUtilization: 1.0\n    minReplicas: 1\n")
                    .append("    maxReplicas: 40\n    mode: hpa-floor\n");
        }
        return sb.toString();
    }

    private static double ticks(int port) throws InterruptedException {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = TICKS.matcher(metrics.body());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String rss(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    private static String status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field))
                .map(l -> l.substring(field.length()).trim()).findFirst().orElse("unknown");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
