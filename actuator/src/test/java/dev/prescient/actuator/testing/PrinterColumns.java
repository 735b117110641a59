package dev.prescient.actuator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The printer columns of the committed PredictiveScaler CRD ({@code k8s/base}), read as {@code kubectl get} reads them:
 * each column's JSONPath evaluated on an object (kubectl's {@code {.status.desiredReplicas}} is JSONPath's
 * {@code $.status.desiredReplicas}; a filter gives a list, of which kubectl prints the first for a one-item list).
 */
public final class PrinterColumns {

    public static final String CRD = "k8s/base/predictivescalers.prescient.dev.yaml";
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    private PrinterColumns() {
    }

    /** The columns of the CRD's only version, in their order. */
    public static List<CustomResourceColumnDefinition> committed() {
        try (InputStream in = Files.newInputStream(repoRoot().resolve(CRD))) {
            CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CRD, e);
        }
    }

    /** The column's value on {@code object}: a JSON scalar, or null when its path finds nothing. */
    public static JsonNode value(ObjectMapper json, Object object, String jsonPath) {
        JsonNode tree = json.valueToTree(object);
        JsonNode found = JsonPath.using(JSON_PATH).parse(tree).read("$" + jsonPath);
        if (found != null && found.isArray()) {
            return found.size() == 1 ? found.get(0) : null;
        }
        return found == null || found.isNull() || found.isMissingNode() ? null : found;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("k8s/base/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find k8s/base above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
