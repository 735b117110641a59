package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes old versions, keeping the newest, the production one and recent production ones. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete old versions; keeps the newest N, production, and versions production recently.")
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
        String verb = dryRun ? "would delete" : "deleted";
        if (gone.isEmpty()) {
            out.println("nothing to prune for " + workloadKey);
            return;
        }
        TextTable table = new TextTable("VERSION", "ACTION");
        gone.forEach(v -> table.row(v, verb));
        table.print(out);
        out.println(verb + " " + gone.size() + " version(s) of " + workloadKey);
    }
}
