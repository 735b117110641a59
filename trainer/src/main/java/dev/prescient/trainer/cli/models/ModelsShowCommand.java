package dev.prescient.trainer.cli.models;

import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistryException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints one model version: stage history, training window and validation metrics. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one model version: stage, training window, validation metrics.")
public class ModelsShowCommand extends RegistryCommand {

    @Option(names = "--version", required = true, description = "Version id, e.g. v20261127-041200-3fa9c2.")
    String version;

    @Override
    void run(ModelRegistry registry, String workloadKey, PrintWriter out) {
        ModelVersion v = registry.list(workloadKey).stream().filter(x -> x.version().equals(version)).findFirst()
                .orElseThrow(() -> new RegistryException("no model version " + version + " of " + workloadKey
                        + "; run 'models list --workload " + workloadKey + "' to pick an existing one"));
        ModelManifest m = v.manifest();
        TextTable facts = new TextTable("FIELD", "VALUE")
                .row("version", v.version()).row("workload", workloadKey).row("stage", v.stage().tag())
                .row("reason", Formats.reason(v.reason())).row("created", Formats.time(v.createdAt()))
                .row("promoted", Formats.time(v.promotedAt())).row("archived", Formats.time(v.archivedAt()))
                .row("forecaster", m.forecasterType())
                .row("training", Formats.time(m.trainingFrom()) + " .. " + Formats.time(m.trainingTo()))
                .row("step", m.step()).row("window", m.window() + " steps").row("horizon", m.horizon() + " steps")
                .row("sha256", m.parametersSha256());
        facts.print(out);
        out.println();
        TextTable metrics = new TextTable("FORECASTER", "MAE", "MASE", "P90 COVERAGE");
        for (Map.Entry<String, ValidationMetrics> e : m.validationMetrics().entrySet()) {
            ValidationMetrics x = e.getValue();
            metrics.row(e.getKey(), Formats.number(x.mae()), Formats.number(x.mase()),
                    Formats.number(x.p90Coverage()));
        }
        metrics.print(out);
    }
}
