package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** Lists a workload's model versions, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the stored model versions of a workload, newest first.")
public class ModelsListCommand extends RegistryCommand {

    @Override
    void run(ModelRegistry registry, String workloadKey, PrintWriter out) {
        List<ModelVersion> versions = registry.list(workloadKey);
        if (versions.isEmpty()) {
            out.println("no model versions of " + workloadKey);
            return;
        }
        TextTable table = new TextTable("VERSION", "STAGE", "CREATED", "TYPE", "MASE", "NAIVE MASE", "REASON");
        for (ModelVersion v : versions) {
            String type = v.manifest().forecasterType();
            table.row(v.version(), v.stage().tag(), Formats.time(v.createdAt()), type, Formats.mase(v, type),
                    Formats.mase(v, Formats.NAIVE), Formats.reason(v.reason()));
        }
        table.print(out);
    }
}
