package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.testing.RecordingS3Proxy;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.StubModel;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetBucketVersioningArgs;
import io.minio.messages.VersioningConfiguration;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the least-privilege S3 policies in {@code docs/s3-policies/} against the calls the code really
 * makes: every request the registry sends through a recording proxy to S3Mock is mapped to its S3 action
 * and resource (as AWS and MinIO authorise them) and must be allowed by the policy. S3Mock itself
 * enforces no policy, so this is the check.
 */
class S3PolicyIT {

    static final String BUCKET = "prescient-models";
    static final Instant T0 = Instant.parse("2026-11-27T04:12:00Z");

    static S3MockServer server;
    static RecordingS3Proxy proxy;

    @TempDir
    Path tmp;

    /** One S3 authorisation: action, resource ARN and, for listings, the prefix asked for. */
    record Access(String action, String resource, Optional<String> prefix) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = S3MockServer.start();
        proxy = RecordingS3Proxy.start(server.endpoint());
        MinioClient admin = MinioClient.builder().endpoint(server.endpoint().toString()).credentials("a", "b").build();
        admin.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        admin.setBucketVersioning(SetBucketVersioningArgs.builder().bucket(BUCKET)
                .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null)).build());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clear() {
        proxy.clear();
    }

    @Test
    void thePredictorsReadsNeedOnlyWhatItsReadOnlyPolicyAllows() throws Exception {
        S3ModelRegistry direct = new S3ModelRegistry(settings(server.endpoint().toString()));
        String a = direct.upload("shop/read", artifact("shop/read", 0, "a"));
        String b = direct.upload("shop/read", artifact("shop/read", 60, "b"));
        direct.promote("shop/read", a, "first");
        direct.promote("shop/read", b, "second");
        proxy.clear();

        S3ModelRegistry predictor = new S3ModelRegistry(settings(proxy.endpoint().toString()));
        String serving = predictor.production("shop/read").orElseThrow().version();
        predictor.download("shop/read", serving, tmp.resolve("cache"));

        List<Access> accesses = accesses(proxy.requests());
        assertThat(actions(accesses)).containsExactly("s3:GetObject", "s3:GetObjectTagging", "s3:ListBucket");
        assertThat(denied(policy("predictor.json"), accesses)).isEmpty();
    }

    @Test
    void theTrainersWorkNeedsOnlyWhatItsPolicyAllowsAndThePredictorsPolicyDeniesIt() throws Exception {
        RegistrySettings settings = settings(proxy.endpoint().toString());
        S3ModelRegistry trainer = new S3ModelRegistry(settings);
        LeaseLock locks = new LeaseLock(settings, Clock.systemUTC());
        LockedChanges changes = new LockedChanges(locks, "trainer/run-1", Duration.ofMinutes(2));

        Lease held = locks.tryAcquire("shop/write", "trainer/run-1", Duration.ofMinutes(30)).lease();
        Lease renewed = locks.renew(held, Duration.ofMinutes(30)).lease();
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            versions.add(trainer.upload("shop/write", artifact("shop/write", i * 60, "v" + i)));
            trainer.promote("shop/write", versions.get(i), "gate");
        }
        locks.release(renewed);
        changes.run("shop/write", "roll back", () -> trainer.rollback("shop/write", "manual"));
        List<String> pruned = changes.run("shop/write", "prune", () -> trainer.prune("shop/write", 0, Duration.ZERO,
                false));

        assertThat(pruned).hasSize(2);
        List<Access> accesses = accesses(proxy.requests());
        assertThat(actions(accesses)).contains("s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObjectVersion",
                "s3:ListBucketVersions");
        assertThat(denied(policy("trainer.json"), accesses)).isEmpty();
        assertThat(denied(policy("predictor.json"), accesses)).extracting(Access::action)
                .contains("s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObjectVersion", "s3:ListBucketVersions");
    }

    private static Set<String> actions(List<Access> accesses) {
        Set<String> actions = new TreeSet<>();
        accesses.forEach(a -> actions.add(a.action()));
        return actions;
    }

    /** The accesses no Allow statement of {@code policy} grants. */
    static List<Access> denied(JsonNode policy, List<Access> accesses) {
        return accesses.stream().filter(a -> !allowed(policy, a)).distinct().toList();
    }

    private static boolean allowed(JsonNode policy, Access access) {
        for (JsonNode statement : policy.get("Statement")) {
            if ("Allow".equals(statement.get("Effect").asText())
                    && matchesAny(statement.get("Action"), access.action())
                    && matchesAny(statement.get("Resource"), access.resource())
                    && conditionHolds(statement.get("Condition"), access)) {
                return true;
            }
        }
        return false;
    }

    /** Only {@code StringLike} on {@code s3:prefix} is used in the policies; anything else fails the test. */
    private static boolean conditionHolds(JsonNode condition, Access access) {
        if (condition == null) {
            return true;
        }
        assertThat(condition.fieldNames()).toIterable().containsExactly("StringLike");
        JsonNode like = condition.get("StringLike");
        assertThat(like.fieldNames()).toIterable().containsExactly("s3:prefix");
        return access.prefix().isPresent() && matchesAny(like.get("s3:prefix"), access.prefix().get());
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        List<String> all = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> all.add(p.asText()));
        } else {
            all.add(patterns.asText());
        }
        return all.stream().anyMatch(p -> value.matches(Pattern.quote(p).replace("*", "\\E.*\\Q")
                .replace("?", "\\E.\\Q")));
    }

    /** The S3 actions and resources of the recorded requests, as the S3 API authorises them. */
    static List<Access> accesses(List<RecordingS3Proxy.Request> requests) {
        List<Access> accesses = new ArrayList<>();
        for (RecordingS3Proxy.Request r : requests) {
            Map<String, String> query = query(r.query());
            String path = r.path().replaceFirst("^/", "");
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String key = slash < 0 ? "" : URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
            String bucketArn = "arn:aws:s3:::" + bucket;
            if (key.isEmpty()) {
                accesses.addAll(bucketAccess(r, query, bucket, bucketArn));
            } else {
                accesses.addAll(objectAccess(r, query, bucketArn + "/" + key));
            }
        }
        return accesses;
    }

    private static List<Access> bucketAccess(RecordingS3Proxy.Request r, Map<String, String> query, String bucket,
                                             String arn) {
        Optional<String> prefix = Optional.ofNullable(query.get("prefix"));
        return switch (r.method()) {
            case "HEAD" -> List.of(new Access("s3:ListBucket", arn, Optional.empty()));
            case "GET" -> List.of(new Access(query.containsKey("versions") ? "s3:ListBucketVersions"
                    : query.containsKey("location") ? "s3:GetBucketLocation"
                    : query.containsKey("versioning") ? "s3:GetBucketVersioning" : "s3:ListBucket", arn, prefix));
            case "PUT" -> List.of(new Access(query.containsKey("versioning") ? "s3:PutBucketVersioning"
                    : "s3:CreateBucket", arn, Optional.empty()));
            case "POST" -> {
                assertThat(query).containsKey("delete");
                yield deletes(new String(r.body(), StandardCharsets.UTF_8), "arn:aws:s3:::" + bucket);
            }
            default -> List.of(new Access("unmapped " + r.method() + " " + r.path(), arn, Optional.empty()));
        };
    }

    private static List<Access> objectAccess(RecordingS3Proxy.Request r, Map<String, String> query, String arn) {
        String version = query.containsKey("versionId") ? "Version" : "";
        boolean tagging = query.containsKey("tagging");
        List<Access> out = new ArrayList<>();
        switch (r.method()) {
            case "GET", "HEAD" -> out.add(new Access(tagging ? "s3:GetObject" + version + "Tagging"
                    : "s3:GetObject" + version, arn, Optional.empty()));
            case "PUT" -> {
                out.add(new Access(tagging ? "s3:PutObject" + version + "Tagging" : "s3:PutObject", arn,
                        Optional.empty()));
                if (!tagging && r.hasHeader("x-amz-tagging")) {
                    out.add(new Access("s3:PutObjectTagging", arn, Optional.empty()));
                }
            }
            case "DELETE" -> out.add(new Access(tagging ? "s3:DeleteObject" + version + "Tagging"
                    : "s3:DeleteObject" + version, arn, Optional.empty()));
            default -> out.add(new Access("unmapped " + r.method() + " " + r.path(), arn, Optional.empty()));
        }
        return out;
    }

    private static final Pattern DELETE_ENTRY = Pattern.compile(
            "<Object>\\s*<Key>([^<]*)</Key>\\s*(?:<VersionId>([^<]*)</VersionId>)?\\s*</Object>");

    /** Multi-object delete: one DeleteObject (or DeleteObjectVersion, with a version id) per listed key. */
    private static List<Access> deletes(String xml, String bucketArn) {
        List<Access> out = new ArrayList<>();
        Matcher m = DELETE_ENTRY.matcher(xml);
        while (m.find()) {
            out.add(new Access(m.group(2) == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion",
                    bucketArn + "/" + m.group(1).replace("&amp;", "&"), Optional.empty()));
        }
        assertThat(out).as("keys in a multi-object delete: %s", xml).isNotEmpty();
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    /** A policy file of {@code docs/s3-policies/}, found by walking up from the module directory. */
    static JsonNode policy(String name) throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs/s3-policies").resolve(name);
            if (Files.isRegularFile(file)) {
                return new ObjectMapper().readTree(file.toFile());
            }
        }
        throw new IllegalStateException("cannot find docs/s3-policies/" + name + " above " + Path.of("").toAbsolutePath());
    }

    private static RegistrySettings settings(String endpoint) {
        return new RegistrySettings(java.net.URI.create(endpoint), BUCKET, "models", "test", "secret", null,
                Duration.ofSeconds(10));
    }

    private Path artifact(String workload, int offsetSeconds, String parameters) {
        Path dir = tmp.resolve(workload.replace('/', '_') + "-" + offsetSeconds);
        ModelArtifacts.save(new StubModel(workload + parameters, 0.8), dir, m -> m.withWorkload(workload)
                        .withValidationMetrics("seasonal-naive", new ValidationMetrics(2, 1.0, 0.5)),
                Clock.fixed(T0.plusSeconds(offsetSeconds), ZoneOffset.UTC));
        return dir;
    }
}
