package dev.prescient.trainer.cli;

import dev.prescient.trainer.training.Shard;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Which {@link Shard} of the workloads {@code train} trains. In a Kubernetes Indexed Job each pod gets its
 * index in {@code JOB_COMPLETION_INDEX} and the count from {@code PRESCIENT_TRAIN_SHARDS} (the
 * {@code sharded-trainer} component sets both); by hand, {@code --shard INDEX/COUNT}. An option wins over
 * the environment. Nothing set: the whole list.
 */
public class ShardOptions {

    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    static final String COUNT_ENV = "PRESCIENT_TRAIN_SHARDS";

    @Option(names = "--shard", paramLabel = "INDEX[/COUNT]",
            description = "Train only the workloads of shard INDEX of COUNT (a stable hash of namespace/name modulo"
                    + " COUNT equals INDEX). INDEX defaults to JOB_COMPLETION_INDEX, which an Indexed Job sets;"
                    + " COUNT to --shards.")
    String shard;

    @Option(names = "--shards", paramLabel = "COUNT",
            description = "How many shards the workloads are split into (env PRESCIENT_TRAIN_SHARDS; default: no"
                    + " sharding).")
    String shards;

    /** Reads environment variables; replaced in tests. */
    Function<String, String> env = System::getenv;

    /** Reads the variables through {@code lookup} instead of the process environment (tests, embedding). */
    public void useEnvironment(Function<String, String> lookup) {
        this.env = lookup;
    }

    /** A value and where it came from, for the error messages. */
    private record Setting(String value, String source) {
    }

    /**
     * @param oneWorkload whether {@code --workload} picked one workload: explicit shard options are then a
     *                    contradiction, and the environment's shard is ignored
     * @throws IllegalArgumentException naming the option or variable when a value is unparsable, out of range
     *                                  or contradicts another
     */
    Shard shard(boolean oneWorkload) {
        if (oneWorkload) {
            if (shard != null || shards != null) {
                throw new IllegalArgumentException("--workload trains the one workload it names; it cannot be"
                        + " combined with --shard or --shards");
            }
            return Shard.ALL;
        }
        Setting index = index();
        Setting count = count();
        if (index == null && count == null) {
            return Shard.ALL;
        }
        if (index == null) {
            throw new IllegalArgumentException("a shard count is set (" + count.source() + " " + count.value()
                    + ") but no shard index: pass --shard INDEX/COUNT or run in an Indexed Job, which sets "
                    + INDEX_ENV);
        }
        if (count == null) {
            throw new IllegalArgumentException("a shard index is set (" + index.source() + " " + index.value()
                    + ") but no shard count: pass --shard INDEX/COUNT or --shards, or set " + COUNT_ENV);
        }
        int n = number(count);
        if (n < 1) {
            throw new IllegalArgumentException(count.source() + " must be at least 1, got " + count.value());
        }
        int i = number(index);
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException(index.source() + " " + index.value() + " is out of range for " + n
                    + " shards (" + count.source() + "): it must be in 0.." + (n - 1));
        }
        return new Shard(i, n);
    }

    private Setting index() {
        if (shard != null) {
            String text = shard.strip();
            int slash = text.indexOf('/');
            return new Setting(slash < 0 ? text : text.substring(0, slash), "--shard INDEX");
        }
        String fromEnv = env.apply(INDEX_ENV);
        return blank(fromEnv) ? null : new Setting(fromEnv.strip(), INDEX_ENV);
    }

    private Setting count() {
        Setting fromShard = null;
        if (shard != null && shard.contains("/")) {
            fromShard = new Setting(shard.strip().substring(shard.strip().indexOf('/') + 1), "--shard COUNT");
        }
        Setting fromOption = shards == null ? null : new Setting(shards.strip(), "--shards");
        if (fromShard != null && fromOption != null && !fromShard.value().equals(fromOption.value())) {
            throw new IllegalArgumentException("--shard " + shard.strip() + " and --shards " + shards.strip()
                    + " disagree on the shard count; give it once");
        }
        if (fromShard != null || fromOption != null) {
            return fromShard != null ? fromShard : fromOption;
        }
        String fromEnv = env.apply(COUNT_ENV);
        return blank(fromEnv) ? null : new Setting(fromEnv.strip(), COUNT_ENV);
    }

    private static int number(Setting setting) {
        try {
            return Integer.parseInt(setting.value());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.source() + " must be a whole number, got '" + setting.value()
                    + "'" + (setting.source().startsWith("--shard ") ? "; the form is --shard INDEX/COUNT, e.g. 2/4"
                    : ""), e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
