package dev.prescient.common.config;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one raw workload field by field and builds its {@link WorkloadSpec}, recording every
 * problem found; cross-field rules are checked only between fields that are valid on their own.
 */
final class WorkloadValidator {

    /** Seasonal models need two daily cycles: one to learn from, one to check against. */
    static final Duration MIN_HISTORY = Duration.ofDays(2);

    private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*");
    private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String VALID_KINDS = Arrays.stream(TargetKind.values()).map(Enum::name)
            .collect(Collectors.joining(", "));
    private static final String VALID_MODES = Arrays.stream(ScalingMode.values()).map(ScalingMode::configName)
            .collect(Collectors.joining(", "));

    private final String file;
    private final List<ConfigProblem> problems;

    WorkloadValidator(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    Optional<WorkloadSpec> validate(RawWorkloadReader.Entry entry) {
        RawWorkload raw = entry.raw();
        FieldChecker check = new FieldChecker(file, entry.label(), entry.badFields(), problems);
        String name = dnsLabel(check, "name", raw.name());
        String namespace = dnsLabel(check, "namespace", raw.namespace());
        TargetRef target = target(check, raw.target());
        String query = check.required("query", raw.query());
        Double capacity = check.decimal("capacityPerPod", raw.capacityPerPod(), null);
        if (capacity != null && capacity <= 0) {
            check.problem("capacityPerPod", "must be > 0, got " + raw.capacityPerPod());
        }
        Double utilization = check.decimal("targetUtilization", raw.targetUtilization(),
                WorkloadSpec.DEFAULT_TARGET_UTILIZATION);
        if (utilization != null && (utilization <= 0 || utilization > 1)) {
            check.problem("targetUtilization", "must be in (0, 1], got " + raw.targetUtilization());
        }
        Integer min = check.whole("minReplicas", raw.minReplicas());
        Integer max = check.whole("maxReplicas", raw.maxReplicas());
        checkReplicas(check, min, max);
        Duration step = check.duration("step", raw.step(), WorkloadSpec.DEFAULT_STEP);
        Duration history = check.duration("history", raw.history(), WorkloadSpec.DEFAULT_HISTORY);
        Duration horizon = check.duration("horizon", raw.horizon(), WorkloadSpec.DEFAULT_HORIZON);
        Duration startupDelay = check.duration("startupDelay", raw.startupDelay(), null);
        checkDurations(check, step, history, horizon);
        ScalingMode mode = mode(check, raw.mode());
        if (mode == ScalingMode.HPA_FLOOR && min != null && min == 0) {
            check.problem("minReplicas", "must be >= 1 in hpa-floor mode (an HPA refuses minReplicas 0 without the "
                    + "HPAScaleToZero feature gate), got 0");
        }
        Slo slo = slo(check, raw.slo());
        Integer fallback = check.optionalWhole("fallbackReplicas", raw.fallbackReplicas());
        if (fallback != null && min != null && max != null && (fallback < min || fallback > max)) {
            check.problem("fallbackReplicas", "must be within [minReplicas, maxReplicas] = [" + min + ", " + max
                    + "], got " + fallback);
        }
        if (!check.allValid()) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadSpec(name, namespace, target, query, capacity, utilization, min, max,
                history, step, horizon, Optional.ofNullable(startupDelay), mode, slo,
                fallback == null ? OptionalInt.empty() : OptionalInt.of(fallback)));
    }

    private static Slo slo(FieldChecker check, RawWorkload.RawSlo raw) {
        if (raw == null) {
            return Slo.DEFAULT;
        }
        Double pct = check.decimal("slo.maxShortMinutesPct", raw.maxShortMinutesPct(),
                Slo.DEFAULT_MAX_SHORT_MINUTES_PCT);
        if (pct != null && (pct <= 0 || pct > 50)) {
            check.problem("slo.maxShortMinutesPct", "must be in (0, 50] percent of minutes, got "
                    + raw.maxShortMinutesPct());
            return null;
        }
        String demandQuery = raw.demandQuery();
        if (demandQuery != null && demandQuery.isBlank()) {
            check.problem("slo.demandQuery", "must be a PromQL expression giving the demand per minute in the unit of "
                    + "'query' (e.g. a rate over 1m), or left out to judge the SLO on 'query' itself; got a blank");
            return null;
        }
        return pct == null ? null : new Slo(pct, Optional.ofNullable(demandQuery));
    }

    private static String dnsLabel(FieldChecker check, String field, String value) {
        String text = check.required(field, value);
        if (text != null && !DNS_LABEL.matcher(text).matches()) {
            check.problem(field, "must be a DNS-1123 label (lowercase letters, digits and '-', at most 63,"
                    + " starting and ending with a letter or digit), got '" + text + "'");
            return null;
        }
        return text;
    }

    private static TargetRef target(FieldChecker check, RawWorkload.RawTarget raw) {
        if (raw == null) {
            check.required("target", null, "give its kind (" + VALID_KINDS + ") and name");
            return null;
        }
        String kindText = check.required("target.kind", raw.kind());
        String name = check.required("target.name", raw.name());
        if (raw.apiVersion() != null && !raw.apiVersion().isBlank()) {
            return scalableTarget(check, raw.apiVersion().strip(), kindText, name);
        }
        TargetKind kind = Arrays.stream(TargetKind.values()).filter(k -> k.name().equals(kindText))
                .findFirst().orElse(null);
        if (kindText != null && kind == null) {
            check.problem("target.kind", "unknown kind '" + kindText + "'; valid kinds: " + VALID_KINDS
                    + ", or any kind with a /scale subresource named with its apiVersion (e.g. apiVersion: "
                    + "argoproj.io/v1alpha1, kind: Rollout)");
        }
        return kind == null || name == null ? null : new TargetRef(kind, name);
    }

    /** Any resource with a {@code /scale} subresource: whether it has one is checked by the actuator. */
    private static TargetRef scalableTarget(FieldChecker check, String apiVersion, String kind, String name) {
        boolean valid = true;
        if (!API_VERSION.matcher(apiVersion).matches()) {
            check.problem("target.apiVersion", "must be <group>/<version> or <version> (e.g. argoproj.io/v1alpha1),"
                    + " got '" + apiVersion + "'");
            valid = false;
        }
        if (kind != null && !KIND.matcher(kind).matches()) {
            check.problem("target.kind", "must be a kind in CamelCase (e.g. Rollout), got '" + kind + "'");
            valid = false;
        }
        return valid && kind != null && name != null ? new TargetRef(apiVersion, kind, name) : null;
    }

    private static void checkReplicas(FieldChecker check, Integer min, Integer max) {
        if (min != null && min < 0) {
            check.problem("minReplicas", "must be >= 0, got " + min);
        }
        if (max != null && max < 1) {
            check.problem("maxReplicas", "must be >= 1, got " + max);
        }
        if (min != null && max != null && min >= 0 && max >= 1 && min > max) {
            check.problem("maxReplicas", "must be >= minReplicas (" + min + "), got " + max);
        }
    }

    private static void checkDurations(FieldChecker check, Duration step, Duration history, Duration horizon) {
        if (history != null && history.compareTo(MIN_HISTORY) < 0) {
            check.problem("history", "must be at least " + DurationParser.format(MIN_HISTORY)
                    + " (seasonal models need two daily cycles), got " + DurationParser.format(history));
        }
        if (step == null) {
            return;
        }
        checkMultiple(check, "history", history, step);
        checkMultiple(check, "horizon", horizon, step);
    }

    private static void checkMultiple(FieldChecker check, String field, Duration value, Duration step) {
        if (value != null && nanos(value).mod(nanos(step)).signum() != 0) {
            check.problem(field, "must be a multiple of step (" + DurationParser.format(step) + "), got "
                    + DurationParser.format(value));
        }
    }

    private static BigInteger nanos(Duration d) {
        return BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
    }

    private static ScalingMode mode(FieldChecker check, String value) {
        String text = check.required("mode", value, "valid modes: " + VALID_MODES);
        if (text == null) {
            return null;
        }
        Optional<ScalingMode> mode = ScalingMode.fromConfigName(text);
        if (mode.isEmpty()) {
            check.problem("mode", "unknown mode '" + text + "'; valid modes: " + VALID_MODES);
        }
        return mode.orElse(null);
    }
}
