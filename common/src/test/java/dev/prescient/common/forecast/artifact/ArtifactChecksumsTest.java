package dev.prescient.common.forecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactChecksumsTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    @Test
    void parsesTheSha256sumFormatInTextAndBinaryMode() {
        assertThat(ArtifactChecksums.parse(A + "  manifest.json\n" + B + " *parameters.bin\n", "s3://m/x"))
                .containsExactly(Map.entry("manifest.json", A), Map.entry("parameters.bin", B));
    }

    @Test
    void formatWritesWhatParseReadsSortedByName() {
        String text = ArtifactChecksums.format(Map.of("parameters.bin", B, "manifest.json", A));
        assertThat(text).isEqualTo(A + "  manifest.json\n" + B + "  parameters.bin\n");
        assertThat(ArtifactChecksums.parse(text, "here")).containsOnlyKeys("manifest.json", "parameters.bin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "upper-case hex      | AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA  manifest.json | line 1 is not",
            "short hash          | abc  manifest.json                                                               | line 1 is not",
            "a path              | " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  ../etc/passwd   | line 1 is not",
            "a sub-directory     | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  sub/file.bin     | line 1 is not",
            "a hidden file       | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  .profile         | line 1 is not",
            "no name             | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa                  | line 1 is not",
            "nothing listed      | ''                                                                               | lists no file",
    })
    void refusesAMalformedChecksumFileNamingSourceAndLine(String why, String text, String expected) {
        assertThatThrownBy(() -> ArtifactChecksums.parse(text, "s3://models/shop/api/v1/checksums.sha256"))
                .as(why)
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model: s3://models/shop/api/v1/checksums.sha256 " + expected);
    }

    @Test
    void refusesAFileListedTwice() {
        assertThatThrownBy(() -> ArtifactChecksums.parse(A + "  manifest.json\n" + B + "  manifest.json\n", "f"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("cannot load model: f line 2 lists manifest.json twice; save the model again");
    }

    @ParameterizedTest
    @CsvSource({"manifest.json,true", "sizing.json,true", "parameters.bin,true", "../x,false", "a/b,false",
            ".hidden,false", "a..b,false", "'',false"})
    void plainNamesAreFileNamesWithoutDirectories(String name, boolean plain) {
        assertThat(ArtifactChecksums.isPlainName(name)).isEqualTo(plain);
    }
}
