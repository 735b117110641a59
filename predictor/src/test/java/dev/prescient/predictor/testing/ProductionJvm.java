package dev.prescient.predictor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM the predictor's pod runs, read from what ships rather than written down again: the heap is the
 * container's memory limit ({@code k8s/base/predictor-deployment.yaml}) times the image's
 * {@code -XX:MaxRAMPercentage} ({@code predictor/src/main/docker/Dockerfile.jvm}), i.e. 768 Mi × 75 % = 576 MiB;
 * the processors are the CPU limit; the collector is Serial, the one the JVM picks in such a container (below
 * 1792 MB of memory it is not a "server class machine").
 */
public final class ProductionJvm {

    public static final Path DEPLOYMENT = Path.of("k8s/base/predictor-deployment.yaml");
    public static final Path DOCKERFILE = Path.of("predictor/src/main/docker/Dockerfile.jvm");
    private static final Pattern RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");

    private ProductionJvm() {
    }

    /** The pod's heap in MiB. */
    public static long heapMiB() {
        return (long) (memoryLimitMiB() * ramPercentage() / 100);
    }

    /** {@code -Xmx<heap>m}, the processor count and the collector. */
    public static List<String> options() {
        return List.of("-Xmx" + heapMiB() + "m", "-XX:ActiveProcessorCount=" + cpuLimit(), "-XX:+UseSerialGC");
    }

    /** The project root: the first directory up from here holding {@link #DEPLOYMENT}. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(DEPLOYMENT))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + DEPLOYMENT + " above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static JsonNode limits() {
        try {
            JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(repoRoot().resolve(DEPLOYMENT).toFile());
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                if ("predictor".equals(container.path("name").asText())) {
                    return container.path("resources").path("limits");
                }
            }
            throw new IllegalStateException(DEPLOYMENT + " has no container named predictor");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEPLOYMENT, e);
        }
    }

    static double memoryLimitMiB() {
        String memory = limits().path("memory").asText();
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(memory);
        if (!m.matches()) {
            throw new IllegalStateException(DEPLOYMENT + ": memory limit '" + memory + "' is not <n>Mi or <n>Gi");
        }
        return Long.parseLong(m.group(1)) * ("Gi".equals(m.group(2)) ? 1024 : 1);
    }

    static int cpuLimit() {
        String cpu = limits().path("cpu").asText();
        return cpu.endsWith("m") ? (int) Math.ceil(Integer.parseInt(cpu.substring(0, cpu.length() - 1)) / 1000.0)
                : (int) Math.ceil(Double.parseDouble(cpu));
    }

    static double ramPercentage() {
        try {
            Matcher m = RAM_PERCENTAGE.matcher(Files.readString(repoRoot().resolve(DOCKERFILE)));
            if (!m.find()) {
                throw new IllegalStateException(DOCKERFILE + " sets no -XX:MaxRAMPercentage");
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCKERFILE, e);
        }
    }
}
