package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admits or refuses an object as the API server does for a CRD's version: the schema's defaults applied, then the
 * OpenAPI schema checked by a JSON-schema validator (with kubectl's strict field validation: an unknown field is an
 * error, not silently pruned), then every {@code x-kubernetes-validations} rule compiled and evaluated by CEL with
 * {@code self} bound to the value it sits on. What it cannot do: the API server's CEL cost limits, and rules on
 * {@code oldSelf} (none here).
 */
final class CrdAdmission {

    /**
     * Why an object was refused.
     *
     * @param by the schema keyword ({@code required}, {@code minimum}, …) or {@code cel} for a rule
     * @param path where, as {@code $.spec.minReplicas}
     * @param message what the user is told
     */
    record Refusal(String by, String path, String message) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode schema;
    private final JsonSchema validator;
    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", SimpleType.DYN)
            .addLibraries(CelExtensions.strings()).build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings()).build();

    private CrdAdmission(JsonNode schema) {
        this.schema = schema;
        JsonNode strict = schema.deepCopy();
        strict.path("properties").forEach(CrdAdmission::forbidUnknownFields);
        this.validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(strict);
    }

    /** The first served version's schema of the CRD in {@code file}. */
    static CrdAdmission of(Path file) throws IOException {
        JsonNode crd = YAML.readTree(file.toFile());
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException(file + " has no spec.versions[0].schema.openAPIV3Schema");
        }
        return new CrdAdmission(schema);
    }

    /** Nothing when the API server would store {@code object}; else every reason it would refuse it. */
    List<Refusal> admit(JsonNode object) {
        JsonNode defaulted = object.deepCopy();
        applyDefaults(schema, defaulted);
        List<Refusal> refusals = new ArrayList<>();
        for (ValidationMessage m : validator.validate(defaulted)) {
            refusals.add(new Refusal(m.getType(), m.getInstanceLocation().toString(), m.getMessage()));
        }
        if (refusals.isEmpty()) {
            rules(schema, defaulted, "$", refusals);
        }
        return refusals;
    }

    private void rules(JsonNode schemaNode, JsonNode value, String path, List<Refusal> refusals) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
            evaluate(rule, value, path).ifPresent(refusals::add);
        }
        if (value.isObject()) {
            schemaNode.path("properties").fields().forEachRemaining(p ->
                    rules(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), refusals));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                rules(schemaNode.path("items"), value.get(i), path + "[" + i + "]", refusals);
            }
        }
    }

    private Optional<Refusal> evaluate(JsonNode rule, JsonNode value, String path) {
        String expression = rule.path("rule").asText();
        String where = path + rule.path("fieldPath").asText("");
        Map<String, Object> self = Map.of("self", cel(value));
        Object result;
        try {
            result = run(expression, self);
        } catch (CelEvaluationException e) {
            return Optional.of(new Refusal("cel", where, "rule '" + expression + "' failed: " + e.getMessage()));
        }
        if (Boolean.TRUE.equals(result)) {
            return Optional.empty();
        }
        String message = rule.path("message").asText("failed rule: " + expression);
        if (rule.has("messageExpression")) {
            try {
                message = String.valueOf(run(rule.get("messageExpression").asText(), self));
            } catch (CelEvaluationException e) {
                // the API server falls back to message too
            }
        }
        return Optional.of(new Refusal("cel", where, message));
    }

    private Object run(String expression, Map<String, Object> vars) throws CelEvaluationException {
        CelAbstractSyntaxTree ast;
        try {
            ast = compiler.compile(expression).getAst();
        } catch (CelValidationException e) {
            throw new AssertionError("the CRD's CEL rule does not compile: " + expression + "\n" + e.getMessage(), e);
        }
        return runtime.createProgram(ast).eval(vars);
    }

    /** JSON as CEL sees it: objects as maps, arrays as lists, whole numbers as int, others as double. */
    private static Object cel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> map.put(f.getKey(), cel(f.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(cel(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** The API server fills in a field's {@code default} where the field is absent and its parent present. */
    private static void applyDefaults(JsonNode schemaNode, JsonNode value) {
        if (value instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schemaNode.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                if (!object.has(property.getKey()) && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
                applyDefaults(property.getValue(), object.path(property.getKey()));
            }
        } else if (value != null && value.isArray()) {
            value.forEach(item -> applyDefaults(schemaNode.path("items"), item));
        }
    }

    /** kubectl's default strict field validation: a field the schema does not name is refused. */
    private static void forbidUnknownFields(JsonNode schemaNode) {
        if (schemaNode instanceof ObjectNode object && object.has("properties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        schemaNode.path("properties").forEach(CrdAdmission::forbidUnknownFields);
        if (schemaNode.has("items")) {
            forbidUnknownFields(schemaNode.get("items"));
        }
    }
}
