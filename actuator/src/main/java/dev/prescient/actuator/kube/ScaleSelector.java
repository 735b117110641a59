package dev.prescient.actuator.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels a Scale's {@code status.selector} requires ({@code app=web,tier=front}): its equality terms
 * ({@code k=v}, {@code k==v}). A selector with any other term ({@code k!=v}, {@code k in (…)}, {@code k}) gives an
 * empty map: its Pods are then not looked up (the start-up delay falls back), rather than over-matched.
 */
final class ScaleSelector {

    private ScaleSelector() {
    }

    static Map<String, String> matchLabels(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : text.split(",")) {
            if (term.contains("!=") || term.contains("(")) {
                return Map.of();
            }
            String[] kv = term.contains("==") ? term.split("==", 2) : term.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                return Map.of();
            }
            labels.put(kv[0].strip(), kv[1].strip());
        }
        return labels;
    }
}
