package dev.prescient.predictor.api;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.prometheus.PrometheusConfig;
import dev.prescient.predictor.serving.RegistryConfig;
import dev.prescient.common.config.WorkloadCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the registry's S3 endpoint and bucket, the Prometheus server's address and the workloads' PromQL
 * queries out of every text an API client sees (error details, {@code lastError} and {@code fallbackReason} in
 * {@code /workloads}): whoever can reach the predictor should not learn where the models are stored nor what
 * is queried. Each is replaced by a placeholder ({@code <s3-endpoint>}, {@code <bucket>}, {@code <prometheus>},
 * {@code <host>}, {@code <query>}), so the text still says what failed. The log keeps the full text.
 */
@Singleton
public final class Redaction {

    private record Rule(Pattern pattern, String replacement) {
    }

    private final List<Rule> rules;

    @Inject
    public Redaction(RegistryConfig s3, PrometheusConfig prometheus, WorkloadCatalog workloads) {
        this(s3.endpoint(), s3.bucket(), prometheus.url(), workloads.all().stream().map(WorkloadSpec::query).toList());
    }

    /**
     * @param s3Endpoint the registry's endpoint, if any
     * @param bucket the registry's bucket
     * @param prometheusUrl the Prometheus server root, if any
     * @param queries every workload's PromQL query
     */
    public Redaction(Optional<String> s3Endpoint, String bucket, Optional<String> prometheusUrl,
                     Collection<String> queries) {
        Map<String, String> secrets = new LinkedHashMap<>();
        queries.forEach(q -> secrets.put(q, "<query>"));
        s3Endpoint.ifPresent(url -> address(url, "<s3-endpoint>", secrets));
        prometheusUrl.ifPresent(url -> address(url, "<prometheus>", secrets));
        if (s3Endpoint.isPresent() && bucket != null) {
            secrets.put(bucket, "<bucket>");
        }
        List<Rule> built = new ArrayList<>();
        secrets.entrySet().stream().filter(e -> e.getKey() != null && !e.getKey().isBlank())
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .forEach(e -> built.add(new Rule(bounded(e.getKey()), Matcher.quoteReplacement(e.getValue()))));
        this.rules = List.copyOf(built);
    }

    /** {@code text} without any of the addresses, the bucket or a query; null stays null. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (Rule rule : rules) {
            redacted = rule.pattern().matcher(redacted).replaceAll(rule.replacement());
        }
        return redacted;
    }

    /** The URL as given and without a trailing slash, its host:port and its host. */
    private static void address(String url, String placeholder, Map<String, String> secrets) {
        String stripped = url.strip().replaceAll("/+$", "");
        secrets.put(url.strip(), placeholder);
        secrets.put(stripped, placeholder);
        try {
            URI uri = URI.create(stripped);
            if (uri.getRawAuthority() != null) {
                secrets.put(uri.getRawAuthority(), placeholder);
            }
            if (uri.getHost() != null) {
                secrets.putIfAbsent(uri.getHost(), "<host>");
            }
        } catch (IllegalArgumentException notAUrl) {
            // the text as given is all there is to hide
        }
    }

    /** {@code secret} where it is not part of a longer word. */
    private static Pattern bounded(String secret) {
        String start = Character.isLetterOrDigit(secret.charAt(0)) ? "(?<![\\w])" : "";
        String end = Character.isLetterOrDigit(secret.charAt(secret.length() - 1)) ? "(?![\\w])" : "";
        return Pattern.compile(start + Pattern.quote(secret) + end);
    }
}
