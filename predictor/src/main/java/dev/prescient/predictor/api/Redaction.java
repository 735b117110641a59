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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the registry's S3 endpoint and bucket, the Prometheus server's address and the workloads' PromQL
 * queries out of every text an API client sees (error details, {@code lastError} and {@code fallbackReason} in
 * {@code /workloads}): whoever can reach the predictor should not learn where the models are stored nor what
 * is queried. Each is replaced by a placeholder ({@code <s3-endpoint>}, {@code <bucket>}, {@code <prometheus>},
 * {@code <host>}, {@code <query>}), so the text still says what failed. The log keeps the full text. The queries are
 * those of the catalogue when the text is redacted, so a workload added since start-up has its query hidden too.
 */
@Singleton
public final class Redaction {

    private record Rule(Pattern pattern, String replacement) {
    }

    /** The rules for one set of queries. */
    private record Rules(List<String> queries, List<Rule> rules) {
    }

    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Supplier<List<String>> queries;
    private volatile Rules current;

    @Inject
    public Redaction(RegistryConfig s3, PrometheusConfig prometheus, WorkloadCatalog workloads) {
        this(s3.endpoint(), s3.bucket(), prometheus.url(),
                () -> workloads.all().stream().map(WorkloadSpec::query).toList());
    }

    /**
     * @param s3Endpoint the registry's endpoint, if any
     * @param bucket the registry's bucket
     * @param prometheusUrl the Prometheus server root, if any
     * @param queries every workload's PromQL query
     */
    public Redaction(Optional<String> s3Endpoint, String bucket, Optional<String> prometheusUrl,
                     Collection<String> queries) {
        this(s3Endpoint, bucket, prometheusUrl, () -> List.copyOf(queries));
    }

    /** @param queries every workload's PromQL query now, asked at each redaction */
    public Redaction(Optional<String> s3Endpoint, String bucket, Optional<String> prometheusUrl,
                     Supplier<List<String>> queries) {
        s3Endpoint.ifPresent(url -> address(url, "<s3-endpoint>", addresses));
        prometheusUrl.ifPresent(url -> address(url, "<prometheus>", addresses));
        if (s3Endpoint.isPresent() && bucket != null) {
            addresses.put(bucket, "<bucket>");
        }
        this.queries = queries;
    }

    /** The rules for the queries now, built again only when they changed; longest secret first. */
    private List<Rule> rules() {
        List<String> now = queries.get();
        Rules known = current;
        if (known != null && known.queries().equals(now)) {
            return known.rules();
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        now.forEach(q -> secrets.put(q, "<query>"));
        secrets.putAll(addresses);
        List<Rule> built = new ArrayList<>();
        secrets.entrySet().stream().filter(e -> e.getKey() != null && !e.getKey().isBlank())
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .forEach(e -> built.add(new Rule(bounded(e.getKey()), Matcher.quoteReplacement(e.getValue()))));
        current = new Rules(now, List.copyOf(built));
        return current.rules();
    }

    /** {@code text} without any of the addresses, the bucket or a query; null stays null. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (Rule rule : rules()) {
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
