package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.testing.LearntSizings;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.ServerProcesses;
import dev.prescient.common.testing.StubModel;
import dev.prescient.common.testing.LogCapture;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ModelRegistryIT {

    static final String BUCKET = "prescient-models";
    static final Instant T0 = Instant.parse("2026-11-27T04:12:00Z");

    static S3MockServer server;
    static MinioClient raw;

    @TempDir
    Path tmp;
    TickingClock clock;
    S3ModelRegistry registry;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3MockServer.start();
        raw = MinioClient.builder().endpoint(server.endpoint().toString()).credentials("test", "test").build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newRegistry() {
        clock = new TickingClock(T0.plus(Duration.ofDays(1)));
        registry = new S3ModelRegistry(settings(server.endpoint()), clock);
    }

    @Test
    void uploadsVersionsAndListsThemNewestFirst() {
        String older = registry.upload("shop/list", artifact("shop/list", 0, 0.8, "older"));
        String newer = registry.upload("shop/list", artifact("shop/list", 60, 0.7, "newer"));

        assertThat(older).matches("v20261127-041200-[0-9a-f]{6}");
        assertThat(newer).startsWith("v20261127-041300-");
        List<ModelVersion> versions = registry.list("shop/list");
        assertThat(versions).extracting(ModelVersion::version).containsExactly(newer, older);
        assertThat(versions).extracting(ModelVersion::stage).containsOnly(Stage.CANDIDATE);
        assertThat(versions.get(0).manifest().workload()).isEqualTo("shop/list");
        assertThat(versions.get(0).createdAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(versions.get(0).reason()).isEqualTo("uploaded");
        assertThat(registry.production("shop/list")).isEmpty();
        assertThat(keys("models/shop/list/" + newer + "/")).containsExactlyInAnyOrder(
                "models/shop/list/" + newer + "/manifest.json", "models/shop/list/" + newer + "/parameters.bin",
                "models/shop/list/" + newer + "/checksums.sha256");
    }

    @Test
    void gatePromotesTheBetterAndRefusesTheWorseRecordingTheReason() {
        PromotionGate gate = new PromotionGate();
        String good = registry.upload("shop/gate", artifact("shop/gate", 0, 0.80, "good"));
        GateDecision first = gate.decide("fake", manifest("shop/gate", good).validationMetrics(), OptionalDouble.empty());
        assertThat(first.promote()).isTrue();
        registry.promote("shop/gate", good, first.reason());

        String worse = registry.upload("shop/gate", artifact("shop/gate", 60, 0.95, "worse"));
        double productionMase = registry.production("shop/gate").orElseThrow().manifest().validationMetrics()
                .get("fake").mase();
        GateDecision second = gate.decide("fake", manifest("shop/gate", worse).validationMetrics(),
                OptionalDouble.of(productionMase));
        assertThat(second.promote()).isFalse();
        registry.setStage("shop/gate", worse, Stage.CANDIDATE, second.reason());

        ModelVersion production = registry.production("shop/gate").orElseThrow();
        assertThat(production.version()).isEqualTo(good);
        assertThat(production.reason()).isEqualTo(
                "promoted: fake MASE 0.800 beats seasonal-naive 1.000 and nothing is in production");
        assertThat(version("shop/gate", worse).reason()).isEqualTo(
                "refused: fake MASE 0.950 misses the 2.0 percent margin over production 0.800: needs below 0.784");
        assertThat(version("shop/gate", worse).stage()).isEqualTo(Stage.CANDIDATE);
    }

    @Test
    void manualPromoteAndRollbackSwitchTheProductionTag() {
        String a = registry.upload("shop/roll", artifact("shop/roll", 0, 0.8, "a"));
        String b = registry.upload("shop/roll", artifact("shop/roll", 60, 0.7, "b"));
        registry.promote("shop/roll", a, "first");
        registry.promote("shop/roll", b, "better");
        assertThat(registry.production("shop/roll").orElseThrow().version()).isEqualTo(b);
        assertThat(version("shop/roll", a).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(version("shop/roll", a).reason()).isEqualTo("replaced by " + b + ": better");

        ModelVersion restored = registry.rollback("shop/roll", "latency regression");

        assertThat(restored.version()).isEqualTo(a);
        assertThat(restored.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(restored.reason()).isEqualTo("rollback from " + b + ": latency regression");
        assertThat(version("shop/roll", b).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry.list("shop/roll")).filteredOn(v -> v.stage() == Stage.PRODUCTION).hasSize(1);
    }

    @Test
    void rollbackWithoutAnEarlierProductionIsRefused() {
        String a = registry.upload("shop/norollback", artifact("shop/norollback", 0, 0.8, "a"));
        registry.promote("shop/norollback", a, "first");
        assertThatThrownBy(() -> registry.rollback("shop/norollback", "oops"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("cannot roll back shop/norollback from " + a + ": no earlier version was ever in production");
    }

    @Test
    void putToAnExistingVersionIsRefusedNamingTheKey() {
        Path dir = artifact("shop/dup", 0, 0.8, "same");
        String version = registry.upload("shop/dup", dir);
        assertThatThrownBy(() -> registry.upload("shop/dup", dir))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot upload " + dir + " as shop/dup " + version)
                .hasMessageContaining("s3://" + BUCKET + "/models/shop/dup/" + version + "/manifest.json at "
                        + server.endpoint() + " already exists; versions are immutable");
    }

    @Test
    void pruneDeletesEveryObjectVersionOfArchivedVersionsAndKeepsProductionTheRollbackTargetAndCandidates() {
        String v1 = registry.upload("shop/prune", artifact("shop/prune", 0, 0.8, "1"));
        String v2 = registry.upload("shop/prune", artifact("shop/prune", 60, 0.8, "2"));
        String v3 = registry.upload("shop/prune", artifact("shop/prune", 120, 0.8, "3"));
        String v4 = registry.upload("shop/prune", artifact("shop/prune", 180, 0.8, "4"));
        String v5 = registry.upload("shop/prune", artifact("shop/prune", 240, 0.8, "5"));
        registry.promote("shop/prune", v1, "first");
        registry.promote("shop/prune", v2, "second");
        registry.promote("shop/prune", v3, "third");

        assertThat(registry.prune("shop/prune", 0, Duration.ZERO, true)).containsExactly(v1);
        assertThat(registry.prune("shop/prune", 0, Duration.ofDays(7), true)).isEmpty();
        assertThat(registry.prune("shop/prune", 5, Duration.ZERO, true)).isEmpty();
        assertThat(registry.list("shop/prune")).hasSize(5);

        assertThat(registry.prune("shop/prune", 0, Duration.ZERO, false)).containsExactly(v1);

        assertThat(registry.list("shop/prune")).extracting(ModelVersion::version).containsExactly(v5, v4, v3, v2);
        assertThat(allObjectVersions("models/shop/prune/" + v1 + "/")).isEmpty();
        assertThat(allObjectVersions("models/shop/prune/" + v2 + "/")).isNotEmpty();
        assertThat(registry.rollback("shop/prune", "still possible").version()).isEqualTo(v2);
    }

    @Test
    void pruneKeepsAVersionWhoseStageTagWasLostAndListsItUntagged() throws Exception {
        String lost = registry.upload("shop/lost", artifact("shop/lost", 0, 0.8, "lost tag"));
        String old = registry.upload("shop/lost", artifact("shop/lost", 60, 0.8, "old"));
        String current = registry.upload("shop/lost", artifact("shop/lost", 120, 0.8, "current"));
        registry.promote("shop/lost", lost, "was production once");
        registry.promote("shop/lost", old, "then this");
        registry.promote("shop/lost", current, "now this");
        raw.setObjectTags(SetObjectTagsArgs.builder().bucket(BUCKET).object("models/shop/lost/" + lost + "/manifest.json")
                .tags(Map.of("reason", "a hand edit that dropped the stage tag")).build());
        assertThat(version("shop/lost", lost).stage()).isEqualTo(Stage.UNTAGGED);

        try (LogCapture log = LogCapture.of(S3ModelRegistry.class)) {
            assertThat(registry.prune("shop/lost", 0, Duration.ZERO, false)).isEmpty();
            assertThat(log.messages()).contains("not pruning shop/lost " + lost + ": its manifest has no stage tag,"
                    + " so whether it serves or served is unknown; tag it stage=archived to let prune delete it");
        }

        assertThat(registry.list("shop/lost")).extracting(ModelVersion::version).containsExactly(current, old, lost);
        assertThat(allObjectVersions("models/shop/lost/" + lost + "/")).isNotEmpty();
    }

    @Test
    void corruptParametersAreRefusedOnDownloadAndProductionStays() throws Exception {
        String a = registry.upload("shop/corrupt", artifact("shop/corrupt", 0, 0.8, "good bytes"));
        registry.promote("shop/corrupt", a, "first");
        byte[] evil = "bad bytes!".getBytes(StandardCharsets.UTF_8);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object("models/shop/corrupt/" + a + "/parameters.bin")
                .stream(new ByteArrayInputStream(evil), evil.length, -1).build());

        Path dir = tmp.resolve("download");
        assertThatThrownBy(() -> registry.download("shop/corrupt", a, dir))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot download shop/corrupt " + a)
                .hasMessageContaining("sha256 mismatch")
                .hasMessageContaining("file has " + ModelArtifacts.sha256(evil));
        ModelVersion production = registry.production("shop/corrupt").orElseThrow();
        assertThat(production.version()).isEqualTo(a);
        assertThat(production.reason()).isEqualTo("first");
    }

    @Test
    void aTamperedManifestIsRefusedOnDownloadNamingWorkloadVersionAndFile() throws Exception {
        String a = registry.upload("shop/tamper", artifact("shop/tamper", 0, 0.8, "payload"));
        String key = "models/shop/tamper/" + a + "/manifest.json";
        String manifest = new String(raw.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())
                .readAllBytes(), StandardCharsets.UTF_8);
        byte[] tampered = manifest.replace("\"window\" : 60", "\"window\" : 6").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(tampered, StandardCharsets.UTF_8)).isNotEqualTo(manifest);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(tampered), tampered.length, -1).build());

        Path dir = tmp.resolve("tampered");
        assertThatThrownBy(() -> registry.download("shop/tamper", a, dir))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot download shop/tamper " + a + ": cannot load model from " + dir
                        + ": sha256 mismatch for " + dir.resolve("manifest.json") + ": checksums.sha256 expects "
                        + ModelArtifacts.sha256(manifest.getBytes(StandardCharsets.UTF_8)) + ", file has "
                        + ModelArtifacts.sha256(tampered));
    }

    @Test
    void aVersionWhoseChecksumFileWasDeletedIsRefused() throws Exception {
        String a = registry.upload("shop/nosums", artifact("shop/nosums", 0, 0.8, "payload"));
        raw.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object("models/shop/nosums/" + a
                + "/checksums.sha256").build());

        assertThatThrownBy(() -> registry.download("shop/nosums", a, tmp.resolve("nosums")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot download shop/nosums " + a)
                .hasMessageContaining("checksums.sha256 is missing but manifest.json has format version 2");
    }

    @Test
    void aVersionInTheEarlierLayoutStillDownloadsWithAWarningThatItsManifestIsUnverified() throws Exception {
        Path dir = artifact("shop/legacy", 0, 0.8, "legacy");
        byte[] manifest = Files.readString(dir.resolve("manifest.json"))
                .replace("\"formatVersion\" : 2", "\"formatVersion\" : 1").getBytes(StandardCharsets.UTF_8);
        byte[] parameters = Files.readAllBytes(dir.resolve("parameters.bin"));
        String version = RegistryKeys.versionId(T0, ModelArtifacts.sha256(parameters));
        String prefix = "models/shop/legacy/" + version + "/";
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(prefix + "parameters.bin")
                .stream(new ByteArrayInputStream(parameters), parameters.length, -1).build());
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(prefix + "manifest.json")
                .stream(new ByteArrayInputStream(manifest), manifest.length, -1)
                .tags(Map.of("stage", "production", "reason", "trained before checksums")).build());
        assertThat(registry.production("shop/legacy")).map(ModelVersion::version).contains(version);

        Path into = tmp.resolve("legacy-download");
        try (LogCapture log = LogCapture.of(ModelArtifacts.class)) {
            VerifiedArtifact artifact = registry.download("shop/legacy", version, into);

            assertThat(artifact.parameters()).isEqualTo(parameters);
            assertThat(artifact.manifestVerified()).isFalse();
            assertThat(log.messages()).containsExactly("model in " + into + " has format version 1 and no"
                    + " checksums.sha256: its manifest.json is not verified, only its parameters; re-train the"
                    + " workload to replace it");
        }
    }

    @Test
    void anArtifactInTheEarlierLayoutIsNotUploaded() throws Exception {
        Path dir = artifact("shop/oldupload", 0, 0.8, "old");
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 2", "\"formatVersion\" : 1"));
        Files.delete(dir.resolve("checksums.sha256"));

        assertThatThrownBy(() -> registry.upload("shop/oldupload", dir))
                .isInstanceOf(RegistryException.class)
                .hasMessage("cannot upload " + dir + " as shop/oldupload: it has no checksums.sha256 covering"
                        + " manifest.json (format version 1); save the model again with this release");
        assertThat(registry.list("shop/oldupload")).isEmpty();
    }

    @Test
    void everySealedFileIsUploadedAndDownloadedAndVerified() throws Exception {
        Path dir = artifact("shop/extra", 0, 0.8, "extra");
        Files.writeString(dir.resolve("sizing.json"), "{\"podsPerRps\":0.1}");
        ModelArtifacts.seal(dir);
        String v = registry.upload("shop/extra", dir);

        VerifiedArtifact artifact = registry.download("shop/extra", v, tmp.resolve("extra-download"));

        assertThat(artifact.files()).containsExactly("manifest.json", "parameters.bin", "sizing.json");
        assertThat(tmp.resolve("extra-download/sizing.json")).hasContent("{\"podsPerRps\":0.1}");
        byte[] changed = "{\"podsPerRps\":9}".getBytes(StandardCharsets.UTF_8);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object("models/shop/extra/" + v + "/sizing.json")
                .stream(new ByteArrayInputStream(changed), changed.length, -1).build());
        assertThatThrownBy(() -> registry.download("shop/extra", v, tmp.resolve("extra-again")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("sha256 mismatch for " + tmp.resolve("extra-again/sizing.json"));
    }

    @Test
    void aTamperedSizingIsRefusedOnDownloadNamingWorkloadVersionAndFile() throws Exception {
        Sizing missed = LearntSizings.phasedFloor(1.0, 2.35);
        String v = registry.upload("shop/sizing", withSizing(artifact("shop/sizing", 0, 0.8, "sized"), missed));
        Path intact = tmp.resolve("sizing-intact");
        registry.download("shop/sizing", v, intact);
        assertThat(ModelArtifacts.sizing(intact)).contains(missed);
        String key = "models/shop/sizing/" + v + "/sizing.json";
        String stored = new String(raw.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())
                .readAllBytes(), StandardCharsets.UTF_8);
        byte[] tampered = stored.replace("\"meets_slo\" : false", "\"meets_slo\" : true")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(tampered, StandardCharsets.UTF_8)).as("the SLO verdict is flipped").isNotEqualTo(stored);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(tampered), tampered.length, -1).build());

        Path dir = tmp.resolve("sizing-tampered");
        assertThatThrownBy(() -> registry.download("shop/sizing", v, dir))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot download shop/sizing " + v + ": cannot load model from " + dir
                        + ": sha256 mismatch for " + dir.resolve("sizing.json") + ": checksums.sha256 expects "
                        + ModelArtifacts.sha256(stored.getBytes(StandardCharsets.UTF_8)) + ", file has "
                        + ModelArtifacts.sha256(tampered));
    }

    @Test
    void aRollbackBringsBackThePreviousVersionsSizing() {
        Sizing first = LearntSizings.phasedFloor(1.0, 0.9);
        Sizing second = LearntSizings.reactiveOnly(1.0, 0.7);
        String a = registry.upload("shop/sizeroll", withSizing(artifact("shop/sizeroll", 0, 0.8, "a"), first));
        String b = registry.upload("shop/sizeroll", withSizing(artifact("shop/sizeroll", 60, 0.7, "b"), second));
        registry.promote("shop/sizeroll", a, "first");
        registry.promote("shop/sizeroll", b, "better");
        assertThat(productionSizing("shop/sizeroll", "before")).contains(second);

        ModelVersion restored = registry.rollback("shop/sizeroll", "b scales badly");

        assertThat(restored.version()).isEqualTo(a);
        assertThat(productionSizing("shop/sizeroll", "after")).contains(first);
    }

    @Test
    void gateRefusesACandidateWhoseSizingMissesItsSloAndProductionStays() {
        PromotionGate gate = new PromotionGate();
        String good = registry.upload("shop/slo", withSizing(artifact("shop/slo", 0, 0.80, "good"),
                LearntSizings.phasedFloor(1.0, 0.9)));
        registry.promote("shop/slo", good, "first");
        String missed = registry.upload("shop/slo", withSizing(artifact("shop/slo", 60, 0.60, "better MASE"),
                LearntSizings.phasedFloor(1.0, 2.35)));
        Path dir = tmp.resolve("slo-candidate");
        registry.download("shop/slo", missed, dir);

        GateDecision decision = gate.decide("fake", manifest("shop/slo", missed).validationMetrics(),
                OptionalDouble.of(0.80), ModelArtifacts.sizing(dir));
        registry.setStage("shop/slo", missed, Stage.CANDIDATE, decision.reason());

        assertThat(decision.promote()).as("MASE 0.60 beats production 0.80, but the sizing misses").isFalse();
        assertThat(version("shop/slo", missed).stage()).isEqualTo(Stage.CANDIDATE);
        assertThat(version("shop/slo", missed).reason()).isEqualTo("refused: fake sizing misses its SLO on the"
                + " calibration span: 2.35 percent of minutes short against at most 1.00 percent");
        assertThat(registry.production("shop/slo")).map(ModelVersion::version).contains(good);
    }

    @Test
    void downloadReturnsTheVerifiedArtifact() {
        String a = registry.upload("shop/download", artifact("shop/download", 0, 0.8, "payload"));
        VerifiedArtifact artifact = registry.download("shop/download", a, tmp.resolve("download"));
        assertThat(artifact.parameters()).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
        assertThat(artifact.manifest().workload()).isEqualTo("shop/download");
    }

    @Test
    void unreachableStoreGivesAClearErrorAndLeavesNoVersion() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        S3ModelRegistry offline = new S3ModelRegistry(settings(closed), clock);
        assertThatThrownBy(() -> offline.upload("shop/offline", artifact("shop/offline", 0, 0.8, "x")))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot check bucket s3://" + BUCKET + "/ at " + closed + ": ")
                .hasMessageEndingWith("; check that the S3 endpoint is reachable and its URL is right");
        assertThatThrownBy(() -> offline.list("shop/offline"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot list s3://" + BUCKET + "/models/shop/offline/ at " + closed);
        assertThat(registry.list("shop/offline")).isEmpty();
    }

    @Test
    void parametersWithoutManifestAreNoVersionAndTheUploadCanBeRetried() throws Exception {
        Path dir = artifact("shop/partial", 0, 0.8, "x");
        String version = RegistryKeys.versionId(T0, ModelArtifacts.readManifest(dir).parametersSha256());
        byte[] parameters = "x".getBytes(StandardCharsets.UTF_8);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object("models/shop/partial/" + version + "/parameters.bin")
                .stream(new ByteArrayInputStream(parameters), parameters.length, -1).build());

        assertThat(registry.list("shop/partial")).isEmpty();
        assertThat(registry.upload("shop/partial", dir)).isEqualTo(version);
        assertThat(registry.list("shop/partial")).extracting(ModelVersion::version).containsExactly(version);
    }

    @Test
    void afterACrashLeavingTwoProductionsTheLastPromotedWinsAndPromoteRepairs() {
        String a = registry.upload("shop/crash", artifact("shop/crash", 0, 0.8, "a"));
        String b = registry.upload("shop/crash", artifact("shop/crash", 60, 0.7, "b"));
        registry.setStage("shop/crash", a, Stage.PRODUCTION, "old");
        registry.setStage("shop/crash", b, Stage.PRODUCTION, "new, crashed before archiving the old one");

        assertThat(registry.list("shop/crash")).filteredOn(v -> v.stage() == Stage.PRODUCTION).hasSize(2);
        assertThat(registry.production("shop/crash").orElseThrow().version()).isEqualTo(b);

        registry.promote("shop/crash", b, "repair");

        assertThat(registry.list("shop/crash")).filteredOn(v -> v.stage() == Stage.PRODUCTION)
                .extracting(ModelVersion::version).containsExactly(b);
        assertThat(version("shop/crash", a).stage()).isEqualTo(Stage.ARCHIVED);
    }

    @Test
    void aPromotionFromAMachineWhoseClockIsAnHourBehindStillReplacesProduction() {
        String a = registry.upload("shop/skew", artifact("shop/skew", 0, 0.8, "a"));
        String b = registry.upload("shop/skew", artifact("shop/skew", 60, 0.7, "b"));
        registry.promote("shop/skew", a, "first");
        Instant aPromoted = version("shop/skew", a).promotedAt().orElseThrow();
        S3ModelRegistry behind = new S3ModelRegistry(settings(server.endpoint()),
                Clock.fixed(aPromoted.minus(Duration.ofHours(1)), ZoneOffset.UTC));

        behind.promote("shop/skew", b, "from a slow clock");

        assertThat(registry.production("shop/skew")).map(ModelVersion::version).contains(b);
        assertThat(version("shop/skew", a).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(version("shop/skew", b).promotedAt()).contains(aPromoted.plusMillis(1));
    }

    @Test
    void unknownVersionIsNamed() {
        registry.upload("shop/unknown", artifact("shop/unknown", 0, 0.8, "x"));
        assertThatThrownBy(() -> registry.promote("shop/unknown", "v20990101-000000-abcdef", "why"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("no model version v20990101-000000-abcdef of shop/unknown: s3://" + BUCKET
                        + "/models/shop/unknown/v20990101-000000-abcdef/manifest.json at " + server.endpoint()
                        + " does not exist; list the versions to pick an existing one");
    }

    private static RegistrySettings settings(URI endpoint) {
        return new RegistrySettings(endpoint, BUCKET, "models", "test", "secret", null, Duration.ofSeconds(5));
    }

    private ModelVersion version(String workload, String version) {
        return registry.list(workload).stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow();
    }

    private ModelManifest manifest(String workload, String version) {
        return version(workload, version).manifest();
    }

    /** An artifact directory created {@code offsetSeconds} after T0, with its own MASE and a naive MASE of 1. */
    private Path artifact(String workload, int offsetSeconds, double mase, String parameters) {
        Path dir = tmp.resolve(workload.replace('/', '_') + "-" + offsetSeconds + "-" + parameters.hashCode());
        Clock at = Clock.fixed(T0.plusSeconds(offsetSeconds), ZoneOffset.UTC);
        ModelArtifacts.save(new StubModel(parameters, mase), dir, m -> m.withWorkload(workload)
                .withValidationMetrics("seasonal-naive", new ValidationMetrics(2, 1.0, 0.5)), at);
        return dir;
    }

    private static Path withSizing(Path dir, Sizing sizing) {
        ModelArtifacts.addSizing(dir, sizing);
        return dir;
    }

    private Optional<Sizing> productionSizing(String workload, String label) {
        Path dir = tmp.resolve(workload.replace('/', '_') + "-production-" + label);
        registry.download(workload, registry.production(workload).orElseThrow().version(), dir);
        return ModelArtifacts.sizing(dir);
    }

    private static List<String> keys(String prefix) {
        return objects(prefix, false);
    }

    private static List<String> allObjectVersions(String prefix) {
        return objects(prefix, true);
    }

    private static List<String> objects(String prefix, boolean versions) {
        List<String> names = new ArrayList<>();
        try {
            for (Result<Item> item : raw.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                    .recursive(true).includeVersions(versions).build())) {
                names.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + prefix, e);
        }
        return names;
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        return ServerProcesses.freePort();
    }

    /** A clock that moves one second each time it is read, so promotion times are distinct. */
    static final class TickingClock extends Clock {
        private final AtomicLong seconds;

        TickingClock(Instant start) {
            this.seconds = new AtomicLong(start.getEpochSecond());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.incrementAndGet());
        }
    }
}
