package dev.prescient.trainer.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.StubModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = S3MockServer.start();
        registry = new S3ModelRegistry(new RegistrySettings(server.endpoint(), BUCKET, "models", "test", "secret", null,
                Duration.ofSeconds(10)));
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
                .contains("seasonal-naive  2.000  1.000  0.500\n");
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
    void pruneDryRunListsAndKeepsThenPruneDeletes() {
        String v1 = registry.upload("shop/prune", artifact("shop/prune", 0, 0.8, "1"));
        String v2 = registry.upload("shop/prune", artifact("shop/prune", 60, 0.8, "2"));
        String v3 = registry.upload("shop/prune", artifact("shop/prune", 120, 0.8, "3"));

        Run dry = run("prune", "--workload", "shop/prune", "--keep", "1", "--dry-run");
        assertThat(dry.out()).isEqualTo("VERSION                  ACTION\n" + v2 + "  would delete\n" + v1
                + "  would delete\nwould delete 2 version(s) of shop/prune\n");
        assertThat(registry.list("shop/prune")).hasSize(3);

        Run real = run("prune", "--workload", "shop/prune", "--keep", "1");

        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).endsWith("deleted 2 version(s) of shop/prune\n");
        assertThat(registry.list("shop/prune")).extracting(ModelVersion::version).containsExactly(v3);
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
