package dev.prescient.common.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Sizing} as JSON: the {@code sizing.json} file of a model version and the {@code sizing} object of a
 * forecast answer. Reading refuses a malformed document naming the field, so a bad file never reaches the policy.
 *
 * <pre>
 * {"version": 1, "slo_short_minutes_pct": 1.0, "decision_interval_minutes": 5, "startup_delay_minutes": 3,
 *  "floor": {"headroom": {"pooled": 0.8, "period_minutes": 60, "bin_minutes": 5, "by_phase": {"0": 2.4}},
 *            "memory_days": 3, "hold_minutes": 0, "min_spread_fraction": 0.02},   (null: no floor)
 *  "reactive": {"target_utilization": 0.75, "scale_down_window_minutes": 5},
 *  "calibration": {"minutes": 1440, "under_provisioned_pct": 0.9, "cost_vs_reference": 0.97, "scale_changes": 120,
 *                  "reference_scale_changes": 140, "settings_tried": 600, "meets_slo": true}}
 * </pre>
 * {@code calibration.chosen_within_pct} (optional, absent when not recorded): the share of short minutes the setting
 * was chosen within, the SLO tightened for the optimism of choosing in sample. {@code floor.min_spread_fraction}
 * (optional): the least spread as a fraction of p50; a sizing written before it was learnt reads as
 * {@link Sizing.Floor#DEFAULT_MIN_SPREAD_FRACTION}, and so sizes its floor as it did.
 */
public final class SizingJson {

    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SizingJson() {
    }

    public static ObjectNode toJson(Sizing s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", VERSION);
        n.put("slo_short_minutes_pct", s.sloShortMinutesPct());
        n.put("decision_interval_minutes", s.decisionIntervalMinutes());
        n.put("startup_delay_minutes", s.startupDelayMinutes());
        if (s.floor().isPresent()) {
            Sizing.Floor f = s.floor().get();
            ObjectNode floor = n.putObject("floor");
            ObjectNode h = floor.putObject("headroom");
            h.put("pooled", f.headroom().pooled());
            h.put("period_minutes", f.headroom().periodMinutes());
            h.put("bin_minutes", f.headroom().binMinutes());
            ObjectNode byPhase = h.putObject("by_phase");
            f.headroom().byPhase().forEach((bin, v) -> byPhase.put(String.valueOf(bin), v));
            floor.put("memory_days", f.memoryDays());
            floor.put("hold_minutes", f.holdMinutes());
            floor.put("min_spread_fraction", f.minSpreadFraction());
        } else {
            n.putNull("floor");
        }
        n.putObject("reactive").put("target_utilization", s.reactive().targetUtilization())
                .put("scale_down_window_minutes", s.reactive().scaleDownWindowMinutes());
        Sizing.Calibration c = s.calibration();
        ObjectNode cal = n.putObject("calibration");
        cal.put("minutes", c.minutes());
        putNumber(cal, "under_provisioned_pct", c.underProvisionedPct());
        putNumber(cal, "cost_vs_reference", c.costVsReference());
        cal.put("scale_changes", c.scaleChanges());
        cal.put("reference_scale_changes", c.referenceScaleChanges());
        cal.put("settings_tried", c.settingsTried());
        cal.put("meets_slo", c.meetsSlo());
        if (!Double.isNaN(c.chosenWithinPct())) {
            cal.put("chosen_within_pct", c.chosenWithinPct());
        }
        return n;
    }

    /** NaN (not measured) as null: JSON has no NaN. */
    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    public static String write(Sizing s) {
        try {
            return MAPPER.writeValueAsString(toJson(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise sizing: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the field when the text is not a sizing document of this version
     */
    public static Sizing read(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sizing is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(n);
    }

    /**
     * @throws IllegalArgumentException naming the field when the node is not a sizing document of this version
     */
    public static Sizing fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("sizing must be a JSON object");
        }
        int version = integer(n, "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("sizing version " + version + " is not supported (this build reads "
                    + VERSION + "); retrain the model with this version of the trainer");
        }
        try {
            JsonNode floorNode = n.get("floor");
            Optional<Sizing.Floor> floor = floorNode == null || floorNode.isNull() ? Optional.empty()
                    : Optional.of(floor(object(n, "floor")));
            JsonNode r = object(n, "reactive");
            JsonNode c = object(n, "calibration");
            return new Sizing(number(n, "slo_short_minutes_pct"), integer(n, "decision_interval_minutes"),
                    integer(n, "startup_delay_minutes"), floor,
                    new Sizing.Reactive(number(r, "target_utilization"), integer(r, "scale_down_window_minutes")),
                    new Sizing.Calibration(integer(c, "minutes"), numberOrNaN(c, "under_provisioned_pct"),
                            numberOrNaN(c, "cost_vs_reference"), integer(c, "scale_changes"),
                            integer(c, "reference_scale_changes"), integer(c, "settings_tried"),
                            bool(c, "meets_slo"), numberOrNaN(c, "chosen_within_pct")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid sizing: " + e.getMessage(), e);
        }
    }

    private static Sizing.Floor floor(JsonNode f) {
        JsonNode h = object(f, "headroom");
        Map<Integer, Double> byPhase = new HashMap<>();
        JsonNode phases = object(h, "by_phase");
        for (Iterator<Map.Entry<String, JsonNode>> it = phases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("floor.headroom.by_phase." + e.getKey() + " must be a number");
            }
            try {
                byPhase.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("floor.headroom.by_phase key '" + e.getKey()
                        + "' is not a bin number");
            }
        }
        JsonNode least = f.get("min_spread_fraction");
        double minSpreadFraction = least == null || least.isNull() ? Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION
                : number(f, "min_spread_fraction");
        return new Sizing.Floor(new Headroom(number(h, "pooled"), integer(h, "period_minutes"),
                integer(h, "bin_minutes"), byPhase), integer(f, "memory_days"), integer(f, "hold_minutes"),
                minSpreadFraction);
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return v;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number");
        }
        return v.asDouble();
    }

    private static double numberOrNaN(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : number(n, field);
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number");
        }
        return v.asInt();
    }
}
