package dev.prescient.trainer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code ./prescient} launcher (or a copy of it) as its own process.
 *
 * @param exit exit code
 * @param out stdout
 * @param err stderr
 */
record LauncherRun(int exit, String out, String err) {

    /** The launcher at the repository root, from the {@code prescient.launcher} system property (the pom sets it). */
    static Path launcher() {
        String path = System.getProperty("prescient.launcher");
        if (path == null) {
            throw new IllegalStateException("system property prescient.launcher is not set; run the tests through "
                    + "Maven (trainer/pom.xml sets it) or pass -Dprescient.launcher=../prescient");
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code script args} in {@code dir} with the inherited environment changed by {@code env} (a null value
     * removes the variable); output goes through files, so a long output cannot block the process.
     */
    static LauncherRun of(Path script, Path dir, Map<String, String> env, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("launcher-", ".out");
        Path err = Files.createTempFile("launcher-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            env.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new LauncherRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
