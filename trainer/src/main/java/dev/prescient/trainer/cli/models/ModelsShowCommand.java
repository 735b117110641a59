package dev.prescient.trainer.cli.models;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints one model version: stage history, training window, validation metrics and its learnt sizing. The sizing is
 * read from the downloaded, verified version: a {@code sizing.json} that does not match the version's checksums
 * fails the command like any other tampered file.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one model version: stage, training window, validation metrics, learnt sizing.")
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
        out.println();
        SizingTable.of(sizing(registry, workloadKey)).print(out);
    }

    /** Downloads the version into a temporary directory (verifying every file) and reads its sizing. */
    private Optional<Sizing> sizing(ModelRegistry registry, String workloadKey) {
        Path dir;
        try {
            dir = Files.createTempDirectory("prescient-show-");
        } catch (IOException e) {
            throw new RegistryException("cannot show " + workloadKey + " " + version + ": cannot create a temporary"
                    + " directory: " + e.getMessage() + "; check that java.io.tmpdir is writable", e);
        }
        try {
            registry.download(workloadKey, version, dir);
            return ModelArtifacts.sizing(dir);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot show " + workloadKey + " " + version + ": " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind does not change what was shown
        }
    }
}
