package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which shard {@code train} takes from {@code --shard}, {@code --shards} and the environment, or why it refuses. */
class ShardOptionsTest {

    @ParameterizedTest(name = "--shard {0} --shards {1} JOB_COMPLETION_INDEX={2} PRESCIENT_TRAIN_SHARDS={3} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
            // nothing set: the whole list
            "-     | -  | -  | -  | 0/1",
            // by hand
            "2/4   | -  | -  | -  | 2/4",
            "0/1   | -  | -  | -  | 0/1",
            " 3/16 | -  | -  | -  | 3/16",
            "2     | 4  | -  | -  | 2/4",
            "2/4   | 4  | -  | -  | 2/4",
            // an Indexed Job: the index from Kubernetes, the count from the component
            "-     | -  | 3  | 8  | 3/8",
            "-     | 8  | 3  | -  | 3/8",
            // an option wins over the environment
            "1/2   | -  | 3  | 8  | 1/2",
            "-     | 4  | 3  | 8  | 3/4",
            "5     | -  | 3  | 8  | 5/8",
    })
    void takesTheShardFromOptionsThenTheEnvironment(String shard, String shards, String index, String count,
                                                     String expected) {
        assertThat(options(shard, shards, index, count).shard(false)).hasToString(expected);
    }

    @ParameterizedTest(name = "--shard {0} --shards {1} JOB_COMPLETION_INDEX={2} PRESCIENT_TRAIN_SHARDS={3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
            "4/4  | -  | -  | -  | --shard INDEX 4 is out of range for 4 shards (--shard COUNT): it must be in 0..3",
            "-1/4 | -  | -  | -  | --shard INDEX -1 is out of range for 4 shards (--shard COUNT): it must be in 0..3",
            "0/0  | -  | -  | -  | --shard COUNT must be at least 1, got 0",
            "a/4  | -  | -  | -  | --shard INDEX must be a whole number, got 'a'; the form is --shard INDEX/COUNT, "
                    + "e.g. 2/4",
            "2/x  | -  | -  | -  | --shard COUNT must be a whole number, got 'x'; the form is --shard INDEX/COUNT, "
                    + "e.g. 2/4",
            "2/4/8| -  | -  | -  | --shard COUNT must be a whole number, got '4/8'; the form is --shard INDEX/COUNT, "
                    + "e.g. 2/4",
            "/4   | -  | -  | -  | --shard INDEX must be a whole number, got ''; the form is --shard INDEX/COUNT, "
                    + "e.g. 2/4",
            "2/4  | 8  | -  | -  | --shard 2/4 and --shards 8 disagree on the shard count; give it once",
            "-    | 0  | 0  | -  | --shards must be at least 1, got 0",
            "-    | four| 0 | -  | --shards must be a whole number, got 'four'",
            "-    | -  | 0  | -4 | PRESCIENT_TRAIN_SHARDS must be at least 1, got -4",
            "-    | -  | 0  | 1.5| PRESCIENT_TRAIN_SHARDS must be a whole number, got '1.5'",
            "-    | -  | x  | 4  | JOB_COMPLETION_INDEX must be a whole number, got 'x'",
            "-    | -  | 4  | 4  | JOB_COMPLETION_INDEX 4 is out of range for 4 shards (PRESCIENT_TRAIN_SHARDS): it "
                    + "must be in 0..3",
            "-    | -  | -  | 4  | a shard count is set (PRESCIENT_TRAIN_SHARDS 4) but no shard index: pass --shard "
                    + "INDEX/COUNT or run in an Indexed Job, which sets JOB_COMPLETION_INDEX",
            "-    | 4  | -  | -  | a shard count is set (--shards 4) but no shard index: pass --shard INDEX/COUNT or "
                    + "run in an Indexed Job, which sets JOB_COMPLETION_INDEX",
            "-    | -  | 2  | -  | a shard index is set (JOB_COMPLETION_INDEX 2) but no shard count: pass --shard "
                    + "INDEX/COUNT or --shards, or set PRESCIENT_TRAIN_SHARDS",
            "2    | -  | -  | -  | a shard index is set (--shard INDEX 2) but no shard count: pass --shard "
                    + "INDEX/COUNT or --shards, or set PRESCIENT_TRAIN_SHARDS",
    })
    void refusesAnUnusableShardNamingTheOptionOrVariable(String shard, String shards, String index, String count,
                                                         String message) {
        assertThatThrownBy(() -> options(shard, shards, index, count).shard(false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {"2/4 | -", "- | 4"})
    void refusesShardOptionsWithOneNamedWorkload(String shard, String shards) {
        assertThatThrownBy(() -> options(shard, shards, null, null).shard(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--workload trains the one workload it names; it cannot be combined with --shard or --shards");
    }

    @org.junit.jupiter.api.Test
    void aNamedWorkloadIgnoresTheShardOfTheEnvironment() {
        assertThat(options(null, null, "3", "8").shard(true)).hasToString("0/1");
    }

    private static ShardOptions options(String shard, String shards, String index, String count) {
        ShardOptions options = new ShardOptions();
        options.shard = shard;
        options.shards = shards;
        Map<String, String> env = new HashMap<>();
        env.put(ShardOptions.INDEX_ENV, index);
        env.put(ShardOptions.COUNT_ENV, count);
        options.useEnvironment(env::get);
        return options;
    }
}
