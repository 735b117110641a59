package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Re-promotes the version that served before the current one. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Re-promote the version that was production before the current one.")
public class ModelsRollbackCommand extends RegistryCommand {

    @Option(names = "--reason", defaultValue = "manual rollback", description = "Why (default '${DEFAULT-VALUE}').")
    String reason;

    @Override
    void run(ModelRegistry registry, String workloadKey, PrintWriter out) {
        String before = registry.production(workloadKey).map(ModelVersion::version).orElse("none");
        ModelVersion now = registry.rollback(workloadKey, reason);
        out.println("rolled back " + workloadKey + " from " + before + " to " + now.version());
    }

    @Override
    String lockedOperation() {
        return "roll back";
    }
}
