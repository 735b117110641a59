package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which versions prune may delete. A row lists versions newest first as {@code id:stage[:promoted
 * days ago[:archived days ago]]}; {@code stage} u = no stage tag, c = candidate, p = production,
 * a = archived. The cut-off is 7 days.
 */
class PrunePlanTest {

    static final Instant NOW = Instant.parse("2026-11-27T04:12:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // why                                         | versions                                   | keep | doomed | untagged
            "only explicitly archived versions go           | 5:c 4:a:40:30 3:a:50:45 2:c 1:a:60:55          | 0 | 3 1 | ''",
            "a version whose stage tag was lost is kept     | 4:u 3:a:40:30 2:u 1:a:50:45                    | 0 | 1   | 4 2",
            "candidates are never pruned                    | 3:c 2:c 1:c                                    | 0 | ''  | ''",
            "production and the rollback target stay        | 3:p:20 2:a:40:20 1:a:50:40                     | 0 | 1   | ''",
            "rollback target stays even outside the window  | 2:p:20 1:a:90:20                               | 0 | ''  | ''",
            "the newest N stay whatever their stage         | 4:a:40:30 3:a:50:40 2:a:60:50 1:p:20           | 2 | 2   | ''",
            "promoted or archived within the window stay    | 4:p:1 3:a:3:1 2:a:10:5 1:a:30:20               | 0 | 1   | ''",
            "no production: the last one archived stays     | 3:a:30:20 2:a:40:30 1:a:50:40                  | 0 | 2 1 | ''",
            "archived without ever serving may go           | 3:p:20 2:a 1:a:40:20                           | 0 | 2   | ''",
    })
    void deletesOnlyExplicitlyArchivedVersionsOutsideTheProtectedOnes(String why, String versions, int keep,
                                                                      String doomed, String untagged) {
        PrunePlan plan = PrunePlan.of(parse(versions), keep, NOW.minus(Duration.ofDays(7)));

        assertThat(plan.doomed()).as(why).containsExactlyElementsOf(ids(doomed));
        assertThat(plan.untagged()).as(why).containsExactlyElementsOf(ids(untagged));
    }

    private static List<ModelVersion> parse(String row) {
        List<ModelVersion> versions = new ArrayList<>();
        for (String cell : row.trim().split("\\s+")) {
            String[] f = cell.split(":");
            Stage stage = switch (f[1]) {
                case "u" -> Stage.UNTAGGED;
                case "c" -> Stage.CANDIDATE;
                case "p" -> Stage.PRODUCTION;
                case "a" -> Stage.ARCHIVED;
                default -> throw new IllegalArgumentException(cell);
            };
            versions.add(new ModelVersion(id(f[0]), stage, NOW, null, "", daysAgo(f, 2), daysAgo(f, 3)));
        }
        return versions;
    }

    private static Optional<Instant> daysAgo(String[] fields, int i) {
        return fields.length > i ? Optional.of(NOW.minus(Duration.ofDays(Long.parseLong(fields[i])))) : Optional.empty();
    }

    private static List<String> ids(String list) {
        return list.isBlank() ? List.of() : Arrays.stream(list.trim().split("\\s+")).map(PrunePlanTest::id).toList();
    }

    private static String id(String n) {
        return "v2026110" + n + "-000000-00000" + n;
    }
}
