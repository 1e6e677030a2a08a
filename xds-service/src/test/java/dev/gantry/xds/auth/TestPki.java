package dev.gantry.xds.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA issuing server and client certificates for tests, written as PEM files. */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate and its key, as PEM files. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
    }

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    public TestPki(Path dir, String name) {
        this.dir = dir;
        try {
            caKeys = keyPair();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = builder(subject, subject, caKeys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(builder, caKeys.getPrivate());
            caFile = write(name + "-ca.crt", pem(ca));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path caFile() {
        return caFile;
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server(String name) {
        return issue(name, KeyPurposeId.id_kp_serverAuth, List.of(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")));
    }

    /** A client certificate carrying these URI SANs (SPIFFE ids). */
    public Issued client(String name, String... uris) {
        return client(name, Instant.now().plus(Duration.ofDays(1)), uris);
    }

    /** As {@link #client(String, String...)}, valid until {@code notAfter}. */
    public Issued client(String name, Instant notAfter, String... uris) {
        List<GeneralName> sans = new ArrayList<>();
        for (String uri : uris) {
            sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        }
        return issue(name, KeyPurposeId.id_kp_clientAuth, sans, notAfter);
    }

    private Issued issue(String name, KeyPurposeId purpose, List<GeneralName> sans) {
        return issue(name, purpose, sans, Instant.now().plus(Duration.ofDays(1)));
    }

    private Issued issue(String name, KeyPurposeId purpose, List<GeneralName> sans, Instant notAfter) {
        try {
            KeyPair keys = keyPair();
            X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name),
                    new X500Name(ca.getSubjectX500Principal().getName()), keys, notAfter);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = sign(builder, caKeys.getPrivate());
            return new Issued(certificate, keys.getPrivate(), write(name + ".crt", pem(certificate)),
                    write(name + ".key", pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys) {
        return builder(subject, issuer, keys, Instant.now().plus(Duration.ofDays(1)));
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys, Instant notAfter) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private Path write(String file, String content) {
        try {
            return Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
