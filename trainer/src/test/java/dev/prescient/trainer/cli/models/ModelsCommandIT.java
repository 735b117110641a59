package dev.prescient.trainer.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.registry.Lease;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.testing.LearntSizings;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.StubModel;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the {@code models} commands against a real S3 API server (S3Mock). */
class ModelsCommandIT {

    static final String BUCKET = "prescient-models";
    static final Instant T0 = Instant.parse("2026-11-27T04:12:00Z");

    static S3MockServer server;
    static ModelRegistry registry;
    static MinioClient raw;

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = S3MockServer.start();
        registry = new S3ModelRegistry(settings());
        raw = MinioClient.builder().endpoint(server.endpoint().toString()).credentials("test", "test").build();
    }

    static RegistrySettings settings() {
        return new RegistrySettings(server.endpoint(), BUCKET, "models", "test", "secret", null, Duration.ofSeconds(10));
    }

    /** The stored lock object of a workload, empty if there is none. */
    static Optional<String> lockObject(String workload) throws Exception {
        try (InputStream in = raw.getObject(GetObjectArgs.builder().bucket(BUCKET)
                .object("models/locks/" + workload + ".lock").build())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listsVersionsNewestFirstInAlignedColumns() {
        String older = registry.upload("shop/list", artifact("shop/list", 0, 0.8, "older"));
        String newer = registry.upload("shop/list", artifact("shop/list", 60, 0.7, "newer"));

        Run r = run("list", "--workload", "shop/list");

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("VERSION                  STAGE      CREATED               TYPE  MASE   "
                + "NAIVE MASE  REASON");
        assertThat(lines[1]).isEqualTo(newer + "  candidate  2026-11-27T04:13:00Z  fake  0.700  1.000       uploaded");
        assertThat(lines[2]).isEqualTo(older + "  candidate  2026-11-27T04:12:00Z  fake  0.800  1.000       uploaded");
    }

    @Test
    void showsOneVersionWithItsMetrics() {
        String v = registry.upload("shop/show", artifact("shop/show", 0, 0.8, "show"));

        Run r = run("show", "--workload", "shop/show", "--version", v);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("version     " + v + "\n").contains("stage       candidate\n")
                .contains("training    2026-11-24T04:12:00Z .. 2026-11-27T04:12:00Z\n")
                .contains("step        PT1M\n")
                .contains("FORECASTER      MAE    MASE   P90 COVERAGE\n")
                .contains("fake            1.000  0.800  0.900\n")
                .contains("seasonal-naive  2.000  1.000  0.500\n")
                .endsWith("\nSIZING  VALUE\nsizing  none: no sizing.json (trained before sizing was learnt, or the"
                        + " trainer could not learn one); the actuator sizes this version as untrained\n");
    }

    @Test
    void showsTheLearntSizingOfAVersion() {
        Path dir = artifact("shop/sized", 0, 0.8, "sized");
        ModelArtifacts.addSizing(dir, LearntSizings.phasedFloor(1.0, 0.9));
        String v = registry.upload("shop/sized", dir);

        Run r = run("show", "--workload", "shop/sized", "--version", v);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("fake            1.000  0.800  0.900\n").endsWith("""
                SIZING             VALUE
                slo                at most 1.00 % of minutes short
                learnt for         decision interval 5 min, start-up delay 3 min
                floor headroom     0.800 spreads pooled; :30-:34 2.400
                floor spread       p90 - p50, at least 0.10 % of p50
                floor memory       3 days
                floor hold         0 min
                reactive           target 0.750, scale-down window 5 min
                calibration        0.90 % of 1440 minutes short vs SLO 1.00 %: meets SLO
                cost vs reference  0.970 (reference: HPA at 0.7, 5-min window)
                scale changes      120 (reference 140)
                settings tried     602
                """);
    }

    @Test
    void showsASizingWithoutFloorThatMissesItsSlo() {
        Path dir = artifact("shop/nofloor", 0, 0.8, "nofloor");
        ModelArtifacts.addSizing(dir, LearntSizings.reactiveOnly(0.5, 0.62));
        String v = registry.upload("shop/nofloor", dir);

        Run r = run("show", "--workload", "shop/nofloor", "--version", v);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\nfloor              none: the reactive HPA alone scales (a floor did not pay"
                        + " for itself on the calibration span)\n")
                .contains("\nreactive           target 0.600, scale-down window 1 min\n")
                .contains("\ncalibration        0.62 % of 1440 minutes short vs SLO 0.50 %: MISSES SLO\n")
                .doesNotContain("floor headroom", "floor spread", "floor memory", "floor hold");
    }

    @Test
    void showRefusesATamperedSizingNamingWorkloadVersionAndFile() throws Exception {
        Path dir = artifact("shop/tampered", 0, 0.8, "tampered");
        ModelArtifacts.addSizing(dir, LearntSizings.phasedFloor(1.0, 2.35));
        String v = registry.upload("shop/tampered", dir);
        String key = "models/shop/tampered/" + v + "/sizing.json";
        byte[] changed = Files.readString(dir.resolve("sizing.json"))
                .replace("\"meets_slo\" : false", "\"meets_slo\" : true").getBytes(StandardCharsets.UTF_8);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(changed), changed.length, -1).build());

        Run r = run("show", "--workload", "shop/tampered", "--version", v);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("models show: cannot download shop/tampered " + v + ": cannot load model from ")
                .contains("sha256 mismatch for ").contains("sizing.json: checksums.sha256 expects "
                        + ModelArtifacts.sha256(Files.readAllBytes(dir.resolve("sizing.json"))) + ", file has "
                        + ModelArtifacts.sha256(changed));
        assertThat(r.out()).doesNotContain("SIZING");
    }

    @Test
    void promoteAndRollbackSwitchProduction() {
        String a = registry.upload("shop/roll", artifact("shop/roll", 0, 0.8, "a"));
        String b = registry.upload("shop/roll", artifact("shop/roll", 60, 0.7, "b"));

        Run first = run("promote", "--workload", "shop/roll", "--version", a);
        assertThat(first.out()).isEqualTo("promoted shop/roll " + a + " to production (was none)\n");
        Run second = run("promote", "--workload", "shop/roll", "--version", b, "--reason", "better MASE");
        assertThat(second.out()).isEqualTo("promoted shop/roll " + b + " to production (was " + a + ")\n");
        assertThat(registry.production("shop/roll")).map(ModelVersion::version).contains(b);
        assertThat(run("list", "--workload", "shop/roll").out())
                .contains(b + "  production  2026-11-27T04:13:00Z  fake  0.700  1.000       better MASE");

        Run back = run("rollback", "--workload", "shop/roll", "--reason", "bad forecasts");

        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.out()).isEqualTo("rolled back shop/roll from " + b + " to " + a + "\n");
        assertThat(registry.production("shop/roll")).map(ModelVersion::version).contains(a);
        assertThat(registry.list("shop/roll")).filteredOn(x -> x.version().equals(b))
                .extracting(ModelVersion::stage).containsExactly(Stage.ARCHIVED);
    }

    @Test
    void pruneDryRunListsAndKeepsThenPruneDeletesOnlyArchivedVersionsAndReportsUntaggedOnes() throws Exception {
        String v1 = registry.upload("shop/prune", artifact("shop/prune", 0, 0.8, "1"));
        String v2 = registry.upload("shop/prune", artifact("shop/prune", 60, 0.8, "2"));
        String v3 = registry.upload("shop/prune", artifact("shop/prune", 120, 0.8, "3"));
        String v4 = registry.upload("shop/prune", artifact("shop/prune", 180, 0.8, "4"));
        String v5 = registry.upload("shop/prune", artifact("shop/prune", 240, 0.8, "5"));
        for (String v : List.of(v1, v2, v3, v4)) {
            registry.promote("shop/prune", v, "next");
        }
        raw.setObjectTags(SetObjectTagsArgs.builder().bucket(BUCKET).object("models/shop/prune/" + v1 + "/manifest.json")
                .tags(Map.of("reason", "stage tag lost")).build());

        Run dry = run("prune", "--workload", "shop/prune", "--keep", "0", "--keep-production-days", "0", "--dry-run");
        assertThat(dry.out()).as(dry.err()).isEqualTo("VERSION                  ACTION\n"
                + v2 + "  would delete\n"
                + v1 + "  kept: no stage tag\n"
                + "would delete 1 version(s) of shop/prune\n"
                + "kept 1 version(s) without a stage tag: whether they serve or served is unknown; tag one"
                + " stage=archived to let prune delete it\n");
        assertThat(registry.list("shop/prune")).hasSize(5);

        Run real = run("prune", "--workload", "shop/prune", "--keep", "0", "--keep-production-days", "0");

        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).contains("deleted 1 version(s) of shop/prune\n");
        assertThat(registry.list("shop/prune")).extracting(ModelVersion::version).containsExactly(v5, v4, v3, v1);
        assertThat(lockObject("shop/prune")).as("the lock is released").isEmpty();
    }

    @Test
    void promoteWhileATrainingRunHoldsTheLockExitsOneNamingTheHolderAndChangesNothing() {
        String a = registry.upload("shop/held", artifact("shop/held", 0, 0.8, "a"));
        String b = registry.upload("shop/held", artifact("shop/held", 60, 0.7, "b"));
        registry.promote("shop/held", a, "first");
        LeaseLock trainer = new LeaseLock(settings(), Clock.systemUTC());
        Lease held = trainer.tryAcquire("shop/held", "trainer-29f1/run-7", Duration.ofMinutes(30)).lease();
        try {
            for (String[] args : List.of(new String[] {"promote", "--workload", "shop/held", "--version", b},
                    new String[] {"rollback", "--workload", "shop/held"},
                    new String[] {"prune", "--workload", "shop/held", "--keep", "0"})) {
                Run r = run(args);

                assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
                assertThat(r.err()).isEqualTo("models " + args[0] + ": cannot "
                        + ("rollback".equals(args[0]) ? "roll back" : args[0]) + " shop/held: its lock is held by"
                        + " trainer-29f1/run-7 since " + held.acquiredAt() + " until " + held.expiresAt()
                        + "; wait for that run to finish and try again (a holder that died leaves the lock until it"
                        + " expires)\n");
            }
            assertThat(run("prune", "--workload", "shop/held", "--keep", "0", "--dry-run").exit())
                    .as("a dry run only reads").isZero();
            assertThat(registry.production("shop/held")).map(ModelVersion::version).contains(a);
        } finally {
            trainer.release(held);
        }
        assertThat(run("promote", "--workload", "shop/held", "--version", b).exit()).isZero();
        assertThat(registry.production("shop/held")).map(ModelVersion::version).contains(b);
    }

    @Test
    void twoConcurrentPromoteCommandsLeaveExactlyOneProductionVersion() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int refused = 0;
        try {
            for (int round = 0; round < 5; round++) {
                String w = "shop/race-" + round;
                String old = registry.upload(w, artifact(w, 0, 0.8, "old"));
                String a = registry.upload(w, artifact(w, 60, 0.7, "a"));
                String b = registry.upload(w, artifact(w, 120, 0.6, "b"));
                registry.promote(w, old, "first");
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Run> ra = threads.submit(() -> {
                    start.await();
                    return run("promote", "--workload", w, "--version", a);
                });
                Future<Run> rb = threads.submit(() -> {
                    start.await();
                    return run("promote", "--workload", w, "--version", b);
                });
                Run first = ra.get(60, TimeUnit.SECONDS);
                Run second = rb.get(60, TimeUnit.SECONDS);

                List<ModelVersion> production = registry.list(w).stream()
                        .filter(v -> v.stage() == Stage.PRODUCTION).toList();
                assertThat(production).as("round %d: %s / %s", round, first, second).hasSize(1);
                assertThat(production.get(0).version()).isIn(a, b);
                assertThat(registry.list(w)).filteredOn(v -> v.version().equals(old))
                        .extracting(ModelVersion::stage).containsExactly(Stage.ARCHIVED);
                for (Run r : List.of(first, second)) {
                    if (r.exit() != 0) {
                        refused++;
                        assertThat(r.exit()).isEqualTo(1);
                        assertThat(r.err()).startsWith("models promote: cannot promote " + w + ": its lock is held by ");
                    }
                }
                Run loser = first.exit() != 0 ? first : second.exit() != 0 ? second : null;
                if (loser != null) {
                    String winner = loser == first ? b : a;
                    assertThat(production.get(0).version()).as("the refused promotion changed nothing").isEqualTo(winner);
                }
                assertThat(lockObject(w)).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("concurrent models promote: %d of 5 rounds refused one command%n", refused);
    }

    @Test
    void unknownVersionExitsOneWithTheRegistryMessage() {
        registry.upload("shop/unknown", artifact("shop/unknown", 0, 0.8, "x"));

        Run r = run("promote", "--workload", "shop/unknown", "--version", "v20990101-000000-abcdef");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("models promote: no model version v20990101-000000-abcdef of shop/unknown: s3://"
                + BUCKET + "/models/shop/unknown/v20990101-000000-abcdef/manifest.json at " + server.endpoint()
                + " does not exist");
    }

    @Test
    void rollbackWithoutEarlierProductionExitsOne() {
        String a = registry.upload("shop/noback", artifact("shop/noback", 0, 0.8, "a"));
        registry.promote("shop/noback", a, "first");

        Run r = run("rollback", "--workload", "shop/noback");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("models rollback: ").contains("shop/noback");
    }

    static final Map<String, String> ENV = Map.of(RegistryOptions.ACCESS_KEY_ENV, "test",
            RegistryOptions.SECRET_KEY_ENV, "secret-do-not-print");

    /** Creates the commands as picocli does, but with {@code env} as their environment. */
    static CommandLine.IFactory withCredentials(Map<String, String> env) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof RegistryOptions options) {
                    options.env = env::get;
                }
                return made;
            }
        };
    }

    @Test
    void missingCredentialsExitTwoNamingTheVariables() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand(), withCredentials(Map.of()));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("list", "--workload", "shop/list", "--s3-endpoint", server.endpoint().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("models list: environment variable PRESCIENT_S3_ACCESS_KEY is not set; "
                + "set both PRESCIENT_S3_ACCESS_KEY and PRESCIENT_S3_SECRET_KEY to the S3 credentials\n");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand(), withCredentials(ENV));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--s3-endpoint", server.endpoint().toString(), "--s3-bucket", BUCKET,
                "--s3-prefix", "models"}, 0, all, args.length, 6);
        int exit = cl.execute(all);
        assertThat(out + " " + err).doesNotContain("secret-do-not-print");
        return new Run(exit, out.toString(), err.toString());
    }

    /** An artifact directory created {@code offsetSeconds} after T0, with its own MASE and a naive MASE of 1. */
    private Path artifact(String workload, int offsetSeconds, double mase, String parameters) {
        Path dir = tmp.resolve(workload.replace('/', '_') + "-" + offsetSeconds + "-" + parameters.hashCode());
        Clock at = Clock.fixed(T0.plusSeconds(offsetSeconds), ZoneOffset.UTC);
        ModelArtifacts.save(new StubModel(parameters, mase), dir, m -> m.withWorkload(workload)
                .withValidationMetrics("seasonal-naive", new ValidationMetrics(2, 1.0, 0.5)), at);
        return dir;
    }
}
