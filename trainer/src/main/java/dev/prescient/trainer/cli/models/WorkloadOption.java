package dev.prescient.trainer.cli.models;

import picocli.CommandLine.Option;

/** The {@code --workload namespace/name} option every registry command takes. */
public class WorkloadOption {

    @Option(names = "--workload", required = true, paramLabel = "NAMESPACE/NAME",
            description = "Workload key, e.g. shop/api.")
    String key;

    String key() {
        if (!key.matches("[^/\\s]+/[^/\\s]+")) {
            throw new IllegalArgumentException("--workload '" + key + "' is not namespace/name, e.g. shop/api");
        }
        return key;
    }
}
