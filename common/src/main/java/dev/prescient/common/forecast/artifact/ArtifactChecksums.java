package dev.prescient.common.forecast.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@value #FILE} file of an artifact directory: one line {@code <sha256>  <file name>} per file of
 * the directory, {@code manifest.json} included, sorted by name. It is the format of
 * {@code sha256sum}, so {@code sha256sum -c checksums.sha256} checks a copy by hand.
 *
 * <p>Which files are covered is whatever the directory holds when it is sealed ({@link #write}):
 * a file added later (e.g. a learnt sizing) is covered by sealing again, and verification walks the
 * listed files, not a fixed set.
 */
public final class ArtifactChecksums {

    public static final String FILE = "checksums.sha256";

    /** A plain file name: no directories, no {@code ..}, nothing hidden. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S+)");

    private ArtifactChecksums() {
    }

    /** True if {@code name} may be listed: a plain file name without directories. */
    public static boolean isPlainName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** Writes {@value #FILE} over every regular file in {@code dir} (except itself); returns what it listed. */
    static Map<String, String> write(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.equals(FILE) || !Files.isRegularFile(file)) {
                    continue;
                }
                if (!isPlainName(name)) {
                    throw new IOException("file name '" + name + "' is not a plain name ([A-Za-z0-9._-], no '..')");
                }
                sums.put(name, ModelArtifacts.sha256(Files.readAllBytes(file)));
            }
        }
        Files.writeString(dir.resolve(FILE), format(sums));
        return Collections.unmodifiableMap(sums);
    }

    /** The text of a checksum file listing {@code sums}. */
    public static String format(Map<String, String> sums) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(sums).forEach((name, sha) -> text.append(sha).append("  ").append(name).append('\n'));
        return text.toString();
    }

    /** The checksums of {@code dir}, empty if it has no {@value #FILE}. */
    static Optional<Map<String, String>> read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + file + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Parses checksum text read from {@code source}.
     *
     * @return file name → lower-case hex SHA-256
     * @throws ModelLoadException naming the source and the line when a line is malformed, a name is not a
     *                            plain file name or is listed twice, or nothing is listed
     */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> sums = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !isPlainName(m.group(2))) {
                throw new ModelLoadException("cannot load model: " + source + " line " + (i + 1) + " is not"
                        + " '<64 lower-case hex>  <plain file name>': '" + abbreviate(line) + "'; save the model again");
            }
            if (sums.put(m.group(2), m.group(1)) != null) {
                throw new ModelLoadException("cannot load model: " + source + " line " + (i + 1) + " lists "
                        + m.group(2) + " twice; save the model again");
            }
        }
        if (sums.isEmpty()) {
            throw new ModelLoadException("cannot load model: " + source + " lists no file; save the model again");
        }
        return Collections.unmodifiableMap(sums);
    }

    /**
     * Checks every listed file of {@code dir} against its checksum.
     *
     * @throws ModelLoadException naming the file and both hashes on a mismatch, or the file when it is missing
     */
    static void verify(Path dir, Map<String, String> sums) {
        for (Map.Entry<String, String> e : sums.entrySet()) {
            Path file = dir.resolve(e.getKey());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException ex) {
                throw new ModelLoadException("cannot load model from " + dir + ": " + file + ", listed in " + FILE
                        + ", is unreadable: " + ex + "; the artifact is incomplete, save the model again", ex);
            }
            String actual = ModelArtifacts.sha256(bytes);
            if (!actual.equals(e.getValue())) {
                throw new ModelLoadException("cannot load model from " + dir + ": sha256 mismatch for " + file + ": "
                        + FILE + " expects " + e.getValue() + ", file has " + actual
                        + "; the file was changed or corrupted after the model was saved, save the model again");
            }
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 100 ? line : line.substring(0, 100) + "...";
    }
}
