package io.pushbench.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's self-signed TLS certificate for {@code --tls}: generated on first use with the running JDK's own
 * {@code keytool} (EC P-256, {@code CN=localhost}, SAN {@code IP:127.0.0.1, DNS:localhost}, 10 years) into a
 * per-user directory, and reused afterwards; never part of the repository.
 *
 * <pre>{@code
 * TlsCertificate cert = TlsCertificate.loadOrCreate(TlsCertificate.defaultDir());   // ~/.pushbench/tls
 * cert.keyStore();        // PKCS#12 file for Jetty's SslContextFactory
 * cert.spkiSha256();      // base64 SHA-256 of the SubjectPublicKeyInfo, for --ignore-certificate-errors-spki-list
 * }</pre>
 *
 * <p>Why a pinned SPKI hash and not {@code --ignore-certificate-errors}: Chromium then accepts this one key only, and
 * every other certificate check stays on. The key store password is not a secret (the key protects nothing but
 * loopback benchmark traffic); it is {@value #PASSWORD}.
 */
public final class TlsCertificate {
    /** Password of the generated PKCS#12 key store (not a secret: a loopback benchmark certificate). */
    public static final String PASSWORD = "pushbench";
    static final String FILE = "pushbench-tls.p12";
    private static final String ALIAS = "pushbench";

    private final Path keyStore;
    private final String spkiSha256;

    private TlsCertificate(Path keyStore, String spkiSha256) {
        this.keyStore = keyStore;
        this.spkiSha256 = spkiSha256;
    }

    /** {@code ~/.pushbench/tls}, or {@code $PUSHBENCH_TLS_DIR} when set. */
    public static Path defaultDir() {
        String env = System.getenv("PUSHBENCH_TLS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".pushbench", "tls");
    }

    /**
     * The certificate in {@code dir}, generated there first when missing (the directory is created, owner-only).
     *
     * @throws IOException when keytool cannot be run or fails, or the key store cannot be read
     */
    public static synchronized TlsCertificate loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            generate(dir, file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            Certificate cert = ks.getCertificate(ALIAS);
            if (cert == null) {
                throw new IOException(file + " has no entry '" + ALIAS + "'; delete it to have it generated again");
            }
            return new TlsCertificate(file, spkiHash(cert));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage() + "; delete it to have it generated"
                    + " again", e);
        }
    }

    /** Base64 of the SHA-256 of the certificate's DER SubjectPublicKeyInfo (Chromium's SPKI pin format). */
    static String spkiHash(Certificate cert) throws GeneralSecurityException {
        // getEncoded() of an X.509 public key is exactly the SubjectPublicKeyInfo structure
        byte[] spki = cert.getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    private static void generate(Path dir, Path file) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path tmp = dir.resolve(FILE + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
                "-dname", "CN=localhost, O=pushbench", "-ext", "SAN=IP:127.0.0.1,IP:::1,DNS:localhost",
                "-storetype", "PKCS12", "-keystore", tmp.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not generate the TLS certificate: " + output);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the TLS certificate", e);
        }
        // a concurrent server may have generated one meanwhile: both are valid, the last rename wins
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The PKCS#12 key store holding the key and its certificate. */
    public Path keyStore() {
        return keyStore;
    }

    /** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
    public String spkiSha256() {
        return spkiSha256;
    }
}
