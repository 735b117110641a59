package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.LockedChanges;
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
 * A command that changes the workload's versions names its operation ({@link #lockedOperation()}) and
 * runs under the workload's lock ({@link LockedChanges}): while a training run or another change holds
 * it, the command fails with exit code 1 naming the holder.
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
        LockedChanges changes;
        String key;
        String operation = lockedOperation();
        try {
            key = workload.key();
            registry = registryOptions.open();
            changes = operation == null ? null : registryOptions.openChanges(name);
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (changes == null) {
                run(registry, key, out);
            } else {
                changes.run(key, operation, () -> {
                    run(registry, key, out);
                    return null;
                });
            }
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

    /** What this run changes, e.g. {@code promote}, so it runs under the workload lock; null if it only reads. */
    String lockedOperation() {
        return null;
    }
}
