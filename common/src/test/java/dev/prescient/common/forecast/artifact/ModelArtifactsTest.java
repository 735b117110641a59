package dev.prescient.common.forecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelArtifactsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);
    static final byte[] PARAMETERS = "not really a network".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void manifestRoundTripsThroughJson() {
        ModelManifest saved = ModelArtifacts.save(new FakeModel(), dir,
                m -> m.withWorkload("shop/api").withValidationMetrics("seasonal-naive", new ValidationMetrics(3, 1.05, 0.5)),
                CLOCK);
        ModelManifest read = ModelArtifacts.readManifest(dir);
        assertThat(read).isEqualTo(saved);
        assertThat(read.workload()).isEqualTo("shop/api");
        assertThat(read.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(read.parametersFile()).isEqualTo(ModelArtifacts.PARAMETERS_FILE);
        assertThat(read.parametersSha256()).isEqualTo(ModelArtifacts.sha256(PARAMETERS));
        assertThat(read.validationMetrics()).containsOnlyKeys("fake", "seasonal-naive");
    }

    @Test
    void manifestIsReadableJsonWithIsoTimes() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir, UnaryOperator.identity(), CLOCK);
        String json = Files.readString(dir.resolve(ModelArtifacts.MANIFEST_FILE));
        assertThat(json).contains("\"formatVersion\" : 2", "\"step\" : \"PT1M\"",
                "\"createdAt\" : \"2024-05-06T07:08:09Z\"", "\"workload\" : null");
    }

    @Test
    void readReturnsVerifiedParameters() {
        ModelArtifacts.save(new FakeModel(), dir);
        VerifiedArtifact artifact = ModelArtifacts.read(dir);
        assertThat(artifact.parameters()).isEqualTo(PARAMETERS);
        assertThat(artifact.directory()).isEqualTo(dir);
    }

    @Test
    void corruptParametersAreRejectedNamingBothHashes() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Path file = dir.resolve(ModelArtifacts.PARAMETERS_FILE);
        byte[] corrupt = Files.readAllBytes(file);
        corrupt[3] ^= 0x01;
        Files.write(file, corrupt);
        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model from " + dir)
                .hasMessageContaining("sha256 mismatch for " + file)
                .hasMessageContaining("checksums.sha256 expects " + ModelArtifacts.sha256(PARAMETERS))
                .hasMessageContaining("file has " + ModelArtifacts.sha256(corrupt));
    }

    @Test
    void parametersResealedAfterCorruptionStillMismatchTheManifest() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Path file = dir.resolve(ModelArtifacts.PARAMETERS_FILE);
        byte[] corrupt = Files.readAllBytes(file);
        corrupt[3] ^= 0x01;
        Files.write(file, corrupt);
        ModelArtifacts.seal(dir);
        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("sha256 mismatch for " + file)
                .hasMessageContaining("manifest expects " + ModelArtifacts.sha256(PARAMETERS))
                .hasMessageContaining("file has " + ModelArtifacts.sha256(corrupt));
    }

    @Test
    void saveListsEveryFileManifestIncludedInChecksumsSha256() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);

        String sums = Files.readString(dir.resolve(ArtifactChecksums.FILE));
        String manifestSha = ModelArtifacts.sha256(Files.readAllBytes(dir.resolve(ModelArtifacts.MANIFEST_FILE)));
        assertThat(sums).isEqualTo(manifestSha + "  manifest.json\n" + ModelArtifacts.sha256(PARAMETERS)
                + "  parameters.bin\n");
        VerifiedArtifact artifact = ModelArtifacts.read(dir);
        assertThat(artifact.manifestVerified()).isTrue();
        assertThat(artifact.files()).containsExactly("manifest.json", "parameters.bin");
    }

    /** Edits of the manifest that leave it valid JSON with the right format version. */
    @ParameterizedTest
    @ValueSource(strings = {"\"mean\" : 1.5=\"mean\" : 150.0", "\"hiddenSize\" : \"32\"=\"hiddenSize\" : \"64\"",
            "\"workload\" : null=\"workload\" : \"shop/other\"", "}=} "})
    void aTamperedManifestIsRefusedNamingTheFile(String edit) throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Path manifest = dir.resolve(ModelArtifacts.MANIFEST_FILE);
        String original = Files.readString(manifest);
        String[] change = edit.split("=", 2);
        String tampered = original.replace(change[0], change[1]);
        assertThat(tampered).isNotEqualTo(original);
        Files.writeString(manifest, tampered);

        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model from " + dir + ": sha256 mismatch for " + manifest)
                .hasMessageContaining("checksums.sha256 expects " + ModelArtifacts.sha256(
                        original.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("file has " + ModelArtifacts.sha256(tampered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileAddedAndSealedIsCoveredLikeTheOthers() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Path sizing = dir.resolve("sizing.json");
        Files.writeString(sizing, "{\"podsPerRps\":0.1}");
        ModelArtifacts.seal(dir);
        assertThat(ModelArtifacts.read(dir).files()).containsExactly("manifest.json", "parameters.bin", "sizing.json");

        Files.writeString(sizing, "{\"podsPerRps\":10}");

        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("sha256 mismatch for " + sizing);
    }

    @Test
    void aFormatTwoArtifactWithoutItsChecksumFileIsRefused() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Files.delete(dir.resolve(ArtifactChecksums.FILE));

        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("cannot load model from " + dir + ": checksums.sha256 is missing but manifest.json has"
                        + " format version 2, which requires it; the artifact is incomplete or was altered, save the"
                        + " model again");
    }

    @Test
    void aChecksumFileThatLeavesOutTheManifestIsRefused() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Files.writeString(dir.resolve(ArtifactChecksums.FILE), ModelArtifacts.sha256(PARAMETERS) + "  parameters.bin\n");

        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("checksums.sha256 does not list manifest.json (it lists [parameters.bin])");
    }

    @Test
    void aFormatOneArtifactWithoutChecksumsLoadsWithAWarningThatItsManifestIsUnverified() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        writeFormatOne(dir);

        try (LogCapture log = LogCapture.of(ModelArtifacts.class)) {
            VerifiedArtifact artifact = ModelArtifacts.read(dir);

            assertThat(artifact.manifest().formatVersion()).isEqualTo(1);
            assertThat(artifact.parameters()).isEqualTo(PARAMETERS);
            assertThat(artifact.manifestVerified()).isFalse();
            assertThat(artifact.files()).isEmpty();
            assertThat(log.messages()).containsExactly("model in " + dir + " has format version 1 and no"
                    + " checksums.sha256: its manifest.json is not verified, only its parameters; re-train the workload"
                    + " to replace it");
        }
    }

    @Test
    void aFormatOneArtifactStillHasItsParametersChecked() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        writeFormatOne(dir);
        Files.writeString(dir.resolve(ModelArtifacts.PARAMETERS_FILE), "other bytes");

        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("sha256 mismatch for " + dir.resolve(ModelArtifacts.PARAMETERS_FILE)
                        + ": manifest expects " + ModelArtifacts.sha256(PARAMETERS));
    }

    /** Rewrites a saved artifact as the earlier layout wrote it: format version 1, no checksum file. */
    static void writeFormatOne(Path dir) throws IOException {
        Path manifest = dir.resolve(ModelArtifacts.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 2", "\"formatVersion\" : 1"));
        Files.delete(dir.resolve(ArtifactChecksums.FILE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "\"2\"", "null"})
    void unknownFormatVersionIsRejected(String version) throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Path manifest = dir.resolve(ModelArtifacts.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 2", "\"formatVersion\" : " + version));
        ModelArtifacts.seal(dir);
        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model from " + dir)
                .hasMessageContaining("has format version " + version + ", this build reads versions 1 to 2");
    }

    @Test
    void manifestTextFromElsewhereParsesLikeTheFile() throws IOException {
        ModelManifest saved = ModelArtifacts.save(new FakeModel(), dir);
        String json = Files.readString(dir.resolve(ModelArtifacts.MANIFEST_FILE));
        assertThat(ModelArtifacts.parseManifest(json, "s3://models/x")).isEqualTo(saved);
        assertThatThrownBy(() -> ModelArtifacts.parseManifest("{not json", "s3://models/x"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model from s3://models/x: manifest.json is not valid JSON");
    }

    @Test
    void missingManifestIsRejected() {
        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(dir.resolve("manifest.json") + " does not exist");
    }

    @Test
    void missingParameterFileIsRejected() throws IOException {
        ModelArtifacts.save(new FakeModel(), dir);
        Files.delete(dir.resolve(ModelArtifacts.PARAMETERS_FILE));
        assertThatThrownBy(() -> ModelArtifacts.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(dir.resolve(ModelArtifacts.PARAMETERS_FILE) + ", listed in checksums.sha256, is"
                        + " unreadable");
    }

    @Test
    void loadNamesAnUnknownForecasterType() {
        ModelArtifacts.save(new FakeModel(), dir);
        assertThatThrownBy(() -> ModelArtifacts.load(dir, Map.of("lstm", a -> null)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no loader for forecaster type 'fake'; known types: [lstm]");
    }

    @Test
    void loadHandsTheVerifiedArtifactToTheLoaderOfItsType() {
        ModelArtifacts.save(new FakeModel(), dir);
        FittedModel loaded = ModelArtifacts.load(dir, Map.of("fake", a -> {
            assertThat(a.parameters()).isEqualTo(PARAMETERS);
            return new FakeModel();
        }));
        assertThat(loaded.type()).isEqualTo("fake");
    }

    @Test
    void modelWithoutParametersCannotBeSaved() {
        FittedModel stateless = new FittedModel() {
            @Override
            public String type() {
                return "seasonal-naive";
            }

            @Override
            public int requiredHistorySteps() {
                return 1;
            }

            @Override
            public Forecast forecast(TimeSeries recent, int horizonSteps) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> ModelArtifacts.save(stateless, dir))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("cannot save a seasonal-naive model to " + dir)
                .hasMessageContaining("no trained parameters");
    }

    /** Stores fixed bytes; enough to exercise the artifact mechanics without an engine. */
    static final class FakeModel implements PersistableModel {

        @Override
        public String type() {
            return "fake";
        }

        @Override
        public int requiredHistorySteps() {
            return 1;
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModelManifest manifest() {
            return new ModelManifest(ModelManifest.FORMAT_VERSION, "fake", null, Instant.parse("2024-05-01T00:00:00Z"),
                    Instant.parse("2024-05-04T00:00:00Z"), Duration.ofMinutes(1), 60, 30,
                    Map.of("mean", 1.5), Map.of("hiddenSize", "32"),
                    Map.of("fake", new ValidationMetrics(2.5, 0.8, 0.9)), Map.of("djl", "0.36.0"), null, null, null);
        }

        @Override
        public void writeParameters(OutputStream out) throws IOException {
            out.write(PARAMETERS);
        }
    }
}
