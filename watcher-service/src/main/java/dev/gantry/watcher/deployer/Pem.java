package dev.gantry.watcher.deployer;

import dev.gantry.proto.secrets.TlsKeyPairs;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM text and the base64 of Secret data, both ways. Keys are written PKCS#8 ("PRIVATE KEY"): Envoy and Netty read it. */
final class Pem {

    private Pem() {
    }

    static String encode(Object certificateOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrKey instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : certificateOrKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static X509Certificate certificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable PEM certificate", e);
        }
    }

    static PrivateKey privateKey(String pem) {
        return TlsKeyPairs.privateKey(pem).orElseThrow(() -> new IllegalArgumentException("not a PEM private key"));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String unbase64(String data) {
        return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    }
}
