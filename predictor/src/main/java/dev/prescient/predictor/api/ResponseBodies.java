package dev.prescient.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.api.ForecastResponse;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of each workload's newest forecast, written once: within a step the service hands out the
 * same {@link ForecastResponse} object, so its bytes are reused instead of serialising it per request.
 */
final class ResponseBodies {

    private record Written(ForecastResponse response, byte[] json) {
    }

    private final ObjectMapper json;
    private final Map<String, Written> newest = new ConcurrentHashMap<>();

    ResponseBodies(ObjectMapper json) {
        this.json = json;
    }

    byte[] of(ForecastResponse response) {
        Written written = newest.get(response.workload());
        if (written != null && written.response() == response) {
            return written.json();
        }
        try {
            byte[] bytes = json.writeValueAsBytes(response);
            newest.put(response.workload(), new Written(response, bytes));
            return bytes;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the forecast of " + response.workload() + " as JSON", e);
        }
    }
}
