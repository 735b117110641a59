package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryTagsTest {

    static final Instant NOW = Instant.parse("2026-11-27T04:12:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "promoted: lstm 0.8 beats 0.9 | promoted: lstm 0.8 beats 0.9",
            "a, b; c (d) 5% | a_ b_ c _d_ 5_",
            "  padded  | padded",
            "été @ user/x=1+2 | été @ user/x=1+2"})
    void sanitiseKeepsOnlyCharactersS3Allows(String reason, String tag) {
        assertThat(RegistryTags.sanitise(reason)).isEqualTo(tag);
    }

    @Test
    void sanitiseCutsTo256Characters() {
        assertThat(RegistryTags.sanitise("x".repeat(300))).hasSize(256);
    }

    @Test
    void promotionRecordsWhenAndArchivingRecordsWhenItLeft() {
        Map<String, String> candidate = RegistryTags.initial(Stage.CANDIDATE, "uploaded");
        Map<String, String> production = RegistryTags.transition(candidate, Stage.PRODUCTION, "better", NOW, "k");
        assertThat(production).containsEntry("stage", "production").containsEntry("reason", "better")
                .containsEntry("promoted-at", "2026-11-27T04:12:00Z").doesNotContainKey("archived-at");
        Map<String, String> archived = RegistryTags.transition(production, Stage.ARCHIVED, "replaced",
                NOW.plusSeconds(60), "k");
        assertThat(archived).containsEntry("stage", "archived").containsEntry("reason", "replaced")
                .containsEntry("promoted-at", "2026-11-27T04:12:00Z")
                .containsEntry("archived-at", "2026-11-27T04:13:00Z");
    }

    @Test
    void promotingAProductionVersionAgainKeepsItsPromotionTime() {
        Map<String, String> production = RegistryTags.transition(RegistryTags.initial(Stage.CANDIDATE, "u"),
                Stage.PRODUCTION, "a", NOW, "k");
        assertThat(RegistryTags.transition(production, Stage.PRODUCTION, "b", NOW.plusSeconds(5), "k"))
                .containsEntry("promoted-at", NOW.toString()).containsEntry("reason", "b");
    }

    @Test
    void aManifestWithoutAStageTagIsUntaggedNotACandidate() {
        assertThat(RegistryTags.stage(Map.of("reason", "uploaded"), "k")).isEqualTo(Stage.UNTAGGED);
        assertThat(RegistryTags.stage(Map.of("stage", "candidate"), "k")).isEqualTo(Stage.CANDIDATE);
    }

    @Test
    void untaggedIsNeverWrittenNorReadFromATag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryTags.transition(
                        RegistryTags.initial(Stage.CANDIDATE, "u"), Stage.UNTAGGED, "why", NOW, "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage untagged cannot be stored");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryTags.stage(Map.of("stage", "untagged"), "k"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("unknown stage tag 'untagged' on k");
    }

    @Test
    void promotedRestampsEvenAVersionAlreadyInProduction() {
        Map<String, String> production = RegistryTags.transition(RegistryTags.initial(Stage.CANDIDATE, "u"),
                Stage.PRODUCTION, "first", NOW, "k");
        assertThat(RegistryTags.promoted(production, "again", NOW.plusSeconds(5)))
                .containsEntry("stage", "production").containsEntry("reason", "again")
                .containsEntry("promoted-at", "2026-11-27T04:12:05Z");
    }
}
