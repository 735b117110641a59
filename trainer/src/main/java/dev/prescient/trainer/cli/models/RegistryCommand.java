package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistryException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the {@code models} subcommands: opens the registry, runs the command and turns a
 * {@link RegistryException} into exit code 1 and a bad setting into exit code 2, message on stderr.
 */
abstract class RegistryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    WorkloadOption workload;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = "models " + spec.name();
        ModelRegistry registry;
        String key;
        try {
            key = workload.key();
            registry = registryOptions.open();
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        }
        try {
            run(registry, key, spec.commandLine().getOut());
            return 0;
        } catch (RegistryException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        }
    }

    abstract void run(ModelRegistry registry, String workloadKey, PrintWriter out);
}
