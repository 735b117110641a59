package dev.prescient.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD in {@code k8s/base} is the one fabric8's CRD generator makes from the Java model, so the services read and
 * write exactly the objects the API server admits. After changing the model, regenerate it with
 * {@code ./mvnw -B -o -pl crd -am test -Dtest=PredictiveScalerCrdTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprescient.crd.write=true} and commit the file.
 */
public class PredictiveScalerCrdTest {

    static final String FILE = "k8s/base/predictivescalers.prescient.dev.yaml";

    @Test
    void committedCrdIsTheOneGeneratedFromTheJavaModel() throws IOException {
        Path committed = repoRoot().resolve(FILE);
        String generated = generate();
        if (Boolean.getBoolean("prescient.crd.write")) {
            Files.writeString(committed, generated, StandardCharsets.UTF_8);
        }
        assertThat(committed).as("%s is missing; generate it (see this test's Javadoc)", FILE).exists();
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("%s differs from the CRD generated from dev.prescient.crd.PredictiveScaler; regenerate it (see "
                        + "this test's Javadoc) and commit it", FILE)
                .isEqualTo(generated);
    }

    /** The CRD as the generator writes it, under a header naming its source. */
    static String generate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CRDGenerator()
                .customResourceClasses(PredictiveScaler.class)
                .forCRDVersions("v1")
                .withOutput(new CRDGenerator.AbstractCRDOutput<ByteArrayOutputStream>() {
                    @Override
                    protected ByteArrayOutputStream createStreamFor(String crdName) {
                        return out;
                    }
                })
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String version) {
                        return inDeclaredOrder((CustomResourceDefinition) crd);
                    }
                })
                .generate();
        return "# The PredictiveScaler CRD, generated from crd/src/main/java/dev/prescient/crd by fabric8's CRD "
                + "generator;\n# do not edit: PredictiveScalerCrdTest fails when it differs (its Javadoc says how "
                + "to regenerate it).\n" + out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The printer columns in the order the class declares them (target first, age last), where the generator sorts
     * them by JSON path.
     */
    private static CustomResourceDefinition inDeclaredOrder(CustomResourceDefinition crd) {
        List<String> declared = Arrays.stream(PredictiveScaler.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
        }
        return crd;
    }

    public static Path repoRoot() {
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
