package dev.prescient.trainer.cli;

import dev.prescient.trainer.cli.models.ModelsCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** Entry point of the trainer CLI; each job is a subcommand. */
@TopCommand
@Command(name = "prescient-trainer", mixinStandardHelpOptions = true,
        description = "Train, evaluate and backtest Prescient forecasting models.",
        subcommands = {
                HistoryCommand.class,
                ForecastBenchCommand.class,
                BacktestCommand.class,
                GeneralizationCommand.class,
                TrainBenchCommand.class,
                TrainCommand.class,
                ModelsCommand.class,
        })
public class TrainerCommand {
}
