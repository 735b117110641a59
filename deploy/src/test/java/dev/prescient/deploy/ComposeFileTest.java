package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's {@code docker-compose.yml}: valid for Debian's docker-compose, every build
 * context and Dockerfile it names exists, every image is pinned, every bind-mounted file exists.
 */
class ComposeFileTest {

    private static Path root;
    private static JsonNode compose;

    @BeforeAll
    static void read() throws Exception {
        root = Rendered.repoRoot();
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                    .directory(root.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run docker-compose: install it (`apt-get install docker-compose`)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose config -q said: %s", output).isZero();
    }

    @Test
    void everyBuildContextAndDockerfileExists() {
        List<String> built = new ArrayList<>();
        services().forEachRemaining(service -> {
            JsonNode build = service.getValue().get("build");
            if (build == null) {
                return;
            }
            Path context = root.resolve(build.isTextual() ? build.asText() : build.get("context").asText()).normalize();
            String dockerfile = build.has("dockerfile") ? build.get("dockerfile").asText() : "Dockerfile";
            assertThat(context).as(service.getKey() + " build context").isDirectory();
            assertThat(context.resolve(dockerfile)).as(service.getKey() + " Dockerfile").isRegularFile();
            built.add(service.getKey());
        });
        assertThat(built).contains("trainer", "predictor", "actuator", "demo-app", "loadgen");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        services().forEachRemaining(service -> {
            JsonNode image = service.getValue().get("image");
            if (image != null) {
                String ref = image.asText();
                assertThat(ref).as(service.getKey() + " image").matches(".+:[^:/]+").doesNotEndWith(":latest");
            } else {
                assertThat(service.getValue().has("build")).as(service.getKey() + " has an image or a build").isTrue();
            }
        });
    }

    @Test
    void everyBindMountedFileExists() {
        services().forEachRemaining(service -> {
            JsonNode volumes = service.getValue().get("volumes");
            if (volumes == null) {
                return;
            }
            for (JsonNode volume : volumes) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Files.exists(root.resolve(source))).as(service.getKey() + " mounts " + source).isTrue();
                }
            }
        });
    }

    @Test
    void theStackHasEveryPartAndTheActuatorOnlyDryRuns() throws Exception {
        assertThat(compose.get("services").fieldNames()).toIterable().contains("minio", "minio-init", "prometheus",
                "demo-app", "loadgen", "trainer", "predictor", "actuator");
        String workloads = Files.readString(root.resolve("demo/compose/workloads.yaml"));
        assertThat(workloads).contains("mode: dry-run").doesNotContain("mode: replicas").doesNotContain("mode: hpa-floor");
    }

    private static Iterator<Map.Entry<String, JsonNode>> services() {
        return compose.get("services").fields();
    }
}
