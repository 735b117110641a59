package dev.prescient.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed RSA certificate for {@code 127.0.0.1}, made with the JDK's {@code keytool}: a
 * PKCS#12 key store for a server and the certificate as PEM for clients to trust as their CA.
 *
 * @param keyStore PKCS#12 file with the key and certificate under {@code alias}
 * @param pem the certificate, PEM
 * @param password of the key store and the key
 * @param alias the key's alias
 */
public record SelfSignedCertificate(Path keyStore, Path pem, String password, String alias) {

    /** Creates {@code <name>.p12} and {@code <name>.pem} in {@code dir}, valid for two days. */
    public static SelfSignedCertificate create(Path dir, String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        String password = "test-" + name;
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool(dir, "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", pem.toString());
        return new SelfSignedCertificate(store, pem, password, name);
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + Files.readString(log));
        }
    }
}
