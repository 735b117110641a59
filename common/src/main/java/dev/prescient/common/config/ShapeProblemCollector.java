package dev.prescient.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson problem handler that records unknown fields (as {@code FAIL_ON_UNKNOWN_PROPERTIES}
 * would reject them) and values of the wrong shape, skips them and lets binding go on, so one
 * read reports them all. Keys are dotted field paths ({@code target.kind}).
 */
final class ShapeProblemCollector extends DeserializationProblemHandler {

    private final Map<String, String> problems = new LinkedHashMap<>();

    Map<String, String> problems() {
        return Collections.unmodifiableMap(problems);
    }

    void add(String field, String message) {
        problems.putIfAbsent(field, message);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        String known = deserializer.getKnownPropertyNames().stream().map(String::valueOf)
                .sorted().collect(Collectors.joining(", "));
        add(fieldPath(p, propertyName), "unknown field; known fields: " + known);
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                        JsonParser p, String failureMsg) throws IOException {
        String got = t == JsonToken.START_OBJECT ? "a mapping"
                : t == JsonToken.START_ARRAY ? "a list" : "'" + p.getText() + "'";
        add(fieldPath(p, null), "expected " + expected(targetType.getRawClass()) + ", got " + got);
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
        add(fieldPath(p, null), "expected " + expected(instClass) + ", got '" + p.getText() + "'");
        p.skipChildren();
        return null;
    }

    private static String expected(Class<?> type) {
        if (type == RawWorkload.RawTarget.class) {
            return "a mapping with kind and name";
        }
        return type == String.class ? "a single value" : "a " + type.getSimpleName();
    }

    /**
     * Dotted path of the value the parser is at, with {@code child} appended when the parser has not
     * entered it. Contexts without a name (the workload itself, buffered ones) are skipped.
     */
    private static String fieldPath(JsonParser p, String child) {
        Deque<String> names = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                names.addFirst(c.getCurrentName());
            }
        }
        if (child != null && !child.equals(names.peekLast())) {
            names.addLast(child);
        }
        return names.isEmpty() ? null : String.join(".", names);
    }
}
