package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.Stage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletes old archived versions, keeping the newest, production, the rollback target and recent
 * production ones; candidates and versions without a stage tag are never deleted, the latter reported.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete old archived versions; keeps the newest N, production, the version a rollback would"
                + " restore, versions production recently, every candidate and every version without a stage tag.")
public class ModelsPruneCommand extends RegistryCommand {

    @Option(names = "--keep", defaultValue = "5", description = "Newest versions to keep (default ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--keep-production-days", defaultValue = "30",
            description = "Keep versions production within this many days (default ${DEFAULT-VALUE}).")
    int keepProductionDays;

    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Override
    void run(ModelRegistry registry, String workloadKey, PrintWriter out) {
        List<String> gone = registry.prune(workloadKey, keep, Duration.ofDays(keepProductionDays), dryRun);
        List<String> untagged = registry.list(workloadKey).stream().filter(v -> v.stage() == Stage.UNTAGGED)
                .map(ModelVersion::version).toList();
        String verb = dryRun ? "would delete" : "deleted";
        if (gone.isEmpty() && untagged.isEmpty()) {
            out.println("nothing to prune for " + workloadKey);
            return;
        }
        TextTable table = new TextTable("VERSION", "ACTION");
        gone.forEach(v -> table.row(v, verb));
        untagged.forEach(v -> table.row(v, "kept: no stage tag"));
        table.print(out);
        out.println(verb + " " + gone.size() + " version(s) of " + workloadKey);
        if (!untagged.isEmpty()) {
            out.println("kept " + untagged.size() + " version(s) without a stage tag: whether they serve or served is"
                    + " unknown; tag one stage=archived to let prune delete it");
        }
    }

    @Override
    String lockedOperation() {
        return dryRun ? null : "prune";
    }
}
