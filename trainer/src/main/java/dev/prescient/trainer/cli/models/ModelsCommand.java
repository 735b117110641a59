package dev.prescient.trainer.cli.models;

import picocli.CommandLine.Command;

/** Parent of the commands that inspect and change the model registry. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Inspect and change stored model versions (S3 registry).",
        subcommands = {
                ModelsListCommand.class,
                ModelsShowCommand.class,
                ModelsPromoteCommand.class,
                ModelsRollbackCommand.class,
                ModelsPruneCommand.class,
        })
public class ModelsCommand {
}
