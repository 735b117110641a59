package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The RBAC the actuator README shows is the RBAC {@code k8s/base} ships: same objects, same rules. */
class ReadmeRbacTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theActuatorReadmeShowsTheShippedRbac() throws Exception {
        Path root = Rendered.repoRoot();
        String readme = Files.readString(root.resolve("actuator/README.md"));
        int section = readme.indexOf("## RBAC");
        assertThat(section).as("actuator/README.md has an RBAC section").isNotNegative();
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("a yaml block in the RBAC section").isTrue();

        List<JsonNode> shown = documents(block.group(1));
        List<JsonNode> shipped = documents(Files.readString(root.resolve("k8s/base/actuator-rbac.yaml")));

        assertThat(shipped).as("k8s/base/actuator-rbac.yaml").hasSizeGreaterThanOrEqualTo(4);
        assertThat(shown).as("the README's RBAC, object by object").isEqualTo(shipped);
    }

    private static List<JsonNode> documents(String yaml) throws Exception {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return it.readAll().stream().filter(n -> n != null && !n.isNull() && !n.isEmpty()).toList();
        }
    }
}
