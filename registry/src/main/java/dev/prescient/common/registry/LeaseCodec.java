package dev.prescient.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON body of a lock object: {@code {"owner":...,"acquiredAt":ISO-8601,"expiresAt":ISO-8601}}. */
final class LeaseCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LeaseCodec() {
    }

    static byte[] write(Lease lease) {
        ObjectNode body = JSON.createObjectNode();
        body.put("owner", lease.owner());
        body.put("acquiredAt", lease.acquiredAt().toString());
        body.put("expiresAt", lease.expiresAt().toString());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the lock of {@code workload} stored at {@code location}; the error says how to clear a bad one. */
    static Lease read(String workload, byte[] bytes, String location) {
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new IOException("not a JSON object");
            }
            return new Lease(workload, text(body, "owner"), Instant.parse(text(body, "acquiredAt")),
                    Instant.parse(text(body, "expiresAt")));
        } catch (IOException | DateTimeParseException e) {
            throw new RegistryException("cannot read the training lock " + location + ": " + e.getMessage()
                    + "; expected {\"owner\":...,\"acquiredAt\":ISO-8601,\"expiresAt\":ISO-8601}; delete the object "
                    + "if no trainer is running", e);
        }
    }

    private static String text(JsonNode body, String field) throws IOException {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IOException("field '" + field + "' is missing or not a non-empty string");
        }
        return node.asText();
    }
}
