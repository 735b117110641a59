package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a version production by hand; the previous production version is archived. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Make a version production and archive the one serving now (no gate).")
public class ModelsPromoteCommand extends RegistryCommand {

    @Option(names = "--version", required = true, description = "Version id to promote.")
    String version;

    @Option(names = "--reason", defaultValue = "manual promote", description = "Why (default '${DEFAULT-VALUE}').")
    String reason;

    @Override
    void run(ModelRegistry registry, String workloadKey, PrintWriter out) {
        String before = registry.production(workloadKey).map(v -> v.version()).orElse("none");
        registry.promote(workloadKey, version, reason);
        out.println("promoted " + workloadKey + " " + version + " to production (was " + before + ")");
    }

    @Override
    String lockedOperation() {
        return "promote";
    }
}
