package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code ./prescient} launcher's own logic, on a copy of the script in a small tree shaped like the repository:
 * {@code mvnw} is a script that logs its arguments and writes the jar, {@code $JAVA_HOME/bin/java} one that prints
 * its working directory and arguments. So this pins when it builds, how it builds, what it runs and that arguments
 * and exit codes pass through; {@link PrescientLauncherIT} runs the real script on the real jar.
 */
class PrescientLauncherTest {

    static final Instant BUILT = Instant.parse("2024-03-01T12:00:00Z");
    static final String JAR = "trainer/target/quarkus-app/quarkus-run.jar";
    static final List<String> SOURCES = List.of("pom.xml", "common/pom.xml", "forecast-lstm/pom.xml",
            "registry/pom.xml", "trainer/pom.xml", "common/src/main/java/A.java", "forecast-lstm/src/main/java/L.java",
            "forecast-lstm/src/main/resources/META-INF/services/S", "registry/src/main/java/R.java",
            "trainer/src/main/java/B.java", "trainer/src/main/resources/c.properties", "trainer/src/test/java/T.java",
            "registry/src/test/java/U.java");

    @TempDir
    Path tmp;

    Path root;
    Path javaHome;
    Path caller;

    @BeforeEach
    void copyTheLauncherIntoATreeShapedLikeTheRepository() throws IOException {
        root = Files.createDirectories(tmp.resolve("repo"));
        Path launcher = Files.copy(LauncherRun.launcher(), root.resolve("prescient"));
        executable(launcher);
        for (String source : SOURCES) {
            Files.createDirectories(root.resolve(source).getParent());
            Files.writeString(root.resolve(source), "// " + source + "\n");
        }
        executable(Files.writeString(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$PWD $*" >> mvnw.log
                if [[ -n "${FAKE_BUILD_FAILS:-}" ]]; then echo "BUILD FAILURE" >&2; exit 1; fi
                mkdir -p trainer/target/quarkus-app && echo jar > trainer/target/quarkus-app/quarkus-run.jar
                """));
        javaHome = tmp.resolve("jdk");
        executable(Files.writeString(Files.createDirectories(javaHome.resolve("bin")).resolve("java"), """
                #!/usr/bin/env bash
                echo "$PWD"
                printf '%s\\n' "$@"
                exit "${FAKE_JAVA_EXIT:-0}"
                """));
        caller = Files.createDirectories(tmp.resolve("elsewhere"));
        for (String source : SOURCES) {
            ageTree(root.resolve(source));
        }
    }

    @Test
    void buildsTheMissingJarFromTheRepositoryRootThenRunsItWithTheDjlOptions() throws Exception {
        LauncherRun run = launch(Map.of(), "backtest", "--trace", "a trace.csv", "");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(builds()).containsExactly(root + " -q -B -pl trainer -am package -DskipTests");
        assertThat(run.err()).contains("prescient: building the trainer CLI (it is missing)");
        assertThat(run.out().split("\n", -1)).containsExactly(caller.toString(), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dquarkus.log.category.\"io.quarkus\".level=WARN", "-jar", root.resolve(JAR).toString(), "backtest",
                "--trace", "a trace.csv", "", "");
    }

    @ParameterizedTest
    @CsvSource({
            ",                                      false",
            "common/src/main/java/A.java,           true",
            "trainer/src/main/java/B.java,          true",
            "trainer/src/main/resources/c.properties, true",
            "trainer/pom.xml,                       true",
            "common/pom.xml,                        true",
            "forecast-lstm/src/main/java/L.java,    true",
            "forecast-lstm/src/main/resources/META-INF/services/S, true",
            "forecast-lstm/pom.xml,                 true",
            "registry/src/main/java/R.java,         true",
            "registry/pom.xml,                      true",
            "pom.xml,                               true",
            // tests do not go into the jar
            "trainer/src/test/java/T.java,          false",
            "registry/src/test/java/U.java,         false",
    })
    void rebuildsOnlyWhenASourceOfTheJarIsNewerThanIt(String changed, boolean rebuilds) throws Exception {
        writeJar(BUILT);
        if (changed != null) {
            Files.setLastModifiedTime(root.resolve(changed), FileTime.from(BUILT.plusSeconds(60)));
        }

        LauncherRun run = launch(Map.of(), "--help");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(builds()).hasSize(rebuilds ? 1 : 0);
        if (rebuilds) {
            assertThat(run.err()).contains("prescient: building the trainer CLI (" + changed + " is newer)");
            assertThat(Files.getLastModifiedTime(root.resolve(JAR)).toInstant()).isAfter(BUILT.plusSeconds(60));
        }
        assertThat(run.out()).endsWith("-jar\n" + root.resolve(JAR) + "\n--help\n");
    }

    @Test
    void buildsOnceAfterAChangeEvenWhenTheBuildLeavesTheJarAsItWas() throws Exception {
        writeJar(BUILT);
        Files.setLastModifiedTime(root.resolve("trainer/src/main/java/B.java"), FileTime.from(BUILT.plusSeconds(60)));
        executable(Files.writeString(root.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$PWD $*\" >> mvnw.log\n"));

        launch(Map.of(), "--help");
        LauncherRun second = launch(Map.of(), "--help");

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(builds()).hasSize(1);
    }

    @Test
    void stopsWithoutRunningJavaWhenTheBuildFails() throws Exception {
        LauncherRun run = launch(Map.of("FAKE_BUILD_FAILS", "1"), "--help");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("BUILD FAILURE", "prescient: the build failed; see the output above");
    }

    @Test
    void passesTheCommandsExitCodeThrough() throws Exception {
        writeJar(BUILT);

        LauncherRun run = launch(Map.of("FAKE_JAVA_EXIT", "3"), "no-such-command");

        assertThat(run.exit()).isEqualTo(3);
    }

    @Test
    void runsAStaleJarWithoutBuildingWhenToldToSkipTheBuild() throws Exception {
        writeJar(BUILT);
        Files.setLastModifiedTime(root.resolve("trainer/src/main/java/B.java"), FileTime.from(BUILT.plusSeconds(60)));

        LauncherRun run = launch(Map.of("PRESCIENT_SKIP_BUILD", "1"), "--help");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(builds()).isEmpty();
        assertThat(run.out()).endsWith("--help\n");
    }

    @Test
    void refusesToSkipTheBuildOfAMissingJar() throws Exception {
        LauncherRun run = launch(Map.of("PRESCIENT_SKIP_BUILD", "1"), "--help");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("prescient: " + root.resolve(JAR) + " is missing and PRESCIENT_SKIP_BUILD=1");
        assertThat(builds()).isEmpty();
    }

    private LauncherRun launch(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("JAVA_HOME", javaHome.toString());
        all.put("PRESCIENT_SKIP_BUILD", null);
        all.putAll(env);
        return LauncherRun.of(root.resolve("prescient"), caller, all, Duration.ofSeconds(30), args);
    }

    private List<String> builds() throws IOException {
        Path log = root.resolve("mvnw.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void writeJar(Instant at) throws IOException {
        Path jar = root.resolve(JAR);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(at));
    }

    /** A source and its directories an hour before {@link #BUILT}: a directory's time changes with its entries. */
    private void ageTree(Path file) throws IOException {
        FileTime old = FileTime.from(BUILT.minus(Duration.ofHours(1)));
        for (Path p = file; !p.equals(root); p = p.getParent()) {
            Files.setLastModifiedTime(p, old);
        }
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
