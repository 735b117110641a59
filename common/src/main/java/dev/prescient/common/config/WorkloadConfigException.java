package dev.prescient.common.config;

import java.util.List;

/** A workload configuration could not be used; carries every problem found, not only the first. */
public class WorkloadConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public WorkloadConfigException(String file, List<ConfigProblem> problems, Throwable cause) {
        super(describe(file, problems), cause);
        this.problems = List.copyOf(problems);
    }

    public WorkloadConfigException(String file, List<ConfigProblem> problems) {
        this(file, problems, null);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String file, List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder("invalid workload configuration ").append(file)
                .append(" (").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append("); fix every line below and load it again:");
        for (ConfigProblem p : problems) {
            text.append('\n').append(p);
        }
        return text.toString();
    }
}
