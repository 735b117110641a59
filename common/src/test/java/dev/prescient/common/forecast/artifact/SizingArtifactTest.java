package dev.prescient.common.forecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import dev.prescient.common.testing.LearntSizings;
import dev.prescient.common.testing.StubModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code sizing.json} as one more file of a model version: written, sealed, verified, parsed. */
class SizingArtifactTest {

    @TempDir
    Path dir;

    static Stream<Sizing> sizings() {
        return Stream.of(LearntSizings.phasedFloor(1.0, 0.9), LearntSizings.reactiveOnly(0.5, 0.62));
    }

    @ParameterizedTest
    @MethodSource("sizings")
    void aSizingAddedToASavedArtifactIsCoveredByItsChecksumsAndReadsBackEqual(Sizing sizing) throws Exception {
        ModelArtifacts.save(new StubModel("weights", 0.8), dir);

        Map<String, String> sums = ModelArtifacts.addSizing(dir, sizing);

        assertThat(sums).containsOnlyKeys("manifest.json", "parameters.bin", "sizing.json");
        assertThat(sums.get("sizing.json")).isEqualTo(ModelArtifacts.sha256(Files.readAllBytes(dir.resolve("sizing.json"))));
        assertThat(ModelArtifacts.read(dir).files()).contains("sizing.json");
        assertThat(ModelArtifacts.sizing(dir)).contains(sizing);
    }

    @Test
    void aVersionWithoutSizingHasNone() {
        ModelArtifacts.save(new StubModel("weights", 0.8), dir);

        assertThat(ModelArtifacts.sizing(dir)).isEmpty();
    }

    @Test
    void aSizingChangedAfterSealingIsRefusedNamingTheFileAndBothHashes() throws Exception {
        ModelArtifacts.save(new StubModel("weights", 0.8), dir);
        String sealed = ModelArtifacts.addSizing(dir, LearntSizings.phasedFloor(1.0, 2.35)).get("sizing.json");
        Path file = dir.resolve("sizing.json");
        Files.writeString(file, Files.readString(file).replace("\"meets_slo\" : false", "\"meets_slo\" : true"));
        String tampered = ModelArtifacts.sha256(Files.readAllBytes(file));
        assertThat(tampered).isNotEqualTo(sealed);

        String expected = "cannot load model from " + dir + ": sha256 mismatch for " + file + ": checksums.sha256"
                + " expects " + sealed + ", file has " + tampered;
        assertThatThrownBy(() -> ModelArtifacts.sizing(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(expected);
        assertThatThrownBy(() -> ModelArtifacts.read(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void aSizingFileTheChecksumsDoNotListIsRefused() throws Exception {
        ModelArtifacts.save(new StubModel("weights", 0.8), dir);
        Files.writeString(dir.resolve("sizing.json"), SizingJson.write(LearntSizings.phasedFloor(1.0, 0.9)));

        assertThatThrownBy(() -> ModelArtifacts.sizing(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessage("cannot load the sizing from " + dir + ": " + dir.resolve("sizing.json") + " is not listed"
                        + " in checksums.sha256; the file was added after the model was saved, save it again");
    }

    @Test
    void aSealedSizingThatIsNotASizingDocumentIsRefusedNamingTheField() throws Exception {
        ModelArtifacts.save(new StubModel("weights", 0.8), dir);
        Files.writeString(dir.resolve("sizing.json"), "{\"version\": 1, \"slo_short_minutes_pct\": 1.0}");
        ModelArtifacts.seal(dir);

        assertThatThrownBy(() -> ModelArtifacts.sizing(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("cannot load the sizing from " + dir + ": " + dir.resolve("sizing.json")
                        + " is not a valid sizing: invalid sizing: field 'reactive' must be an object");
    }
}
