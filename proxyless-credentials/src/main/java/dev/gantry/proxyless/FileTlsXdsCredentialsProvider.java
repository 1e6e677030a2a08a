package dev.gantry.proxyless;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.xds.XdsCredentialsProvider;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code "tls"} channel credentials of an xDS bootstrap with the file fields of gRFC A65:
 * {@code ca_certificate_file}, {@code certificate_file}, {@code private_key_file} and {@code refresh_interval}
 * (a duration like {@code "60s"}, default 60 s). grpc-java's own provider of the same name ignores this config (it
 * trusts the JVM's default CAs and presents no certificate), which cannot reach an xds-service that requires a
 * client certificate from Gantry's CA. This one wins by priority whenever the jar is on the classpath; the files
 * are re-read every refresh interval, so a rotated certificate is presented on the next connection.
 */
public final class FileTlsXdsCredentialsProvider extends XdsCredentialsProvider {

    private static final Logger log = Logger.getLogger(FileTlsXdsCredentialsProvider.class.getName());
    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
    private static final ScheduledExecutorService REFRESH = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gantry-xds-credentials-refresh");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    protected ChannelCredentials newChannelCredentials(Map<String, ?> config) {
        if (config == null || config.isEmpty()) {
            return TlsChannelCredentials.create();
        }
        try {
            long refreshMillis = refresh(config.get("refresh_interval")).toMillis();
            TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
            String ca = text(config, "ca_certificate_file");
            if (ca != null) {
                AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                        .build();
                trust.updateTrustCredentials(new File(ca), refreshMillis, TimeUnit.MILLISECONDS, REFRESH);
                credentials.trustManager(trust);
            }
            String certificate = text(config, "certificate_file");
            String key = text(config, "private_key_file");
            if ((certificate == null) != (key == null)) {
                log.log(Level.WARNING, "xDS bootstrap tls config: certificate_file and private_key_file go together");
                return null;
            }
            if (certificate != null) {
                AdvancedTlsX509KeyManager identity = new AdvancedTlsX509KeyManager();
                identity.updateIdentityCredentials(new File(certificate), new File(key), refreshMillis,
                        TimeUnit.MILLISECONDS, REFRESH);
                credentials.keyManager(identity);
            }
            return credentials.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // grpc-xds reports a provider that returns null as a bootstrap error naming the type
            log.log(Level.WARNING, "xDS bootstrap tls config unusable: " + e.getMessage());
            return null;
        }
    }

    private static String text(Map<String, ?> config, String field) {
        Object value = config.get(field);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static Duration refresh(Object value) {
        if (value == null) {
            return DEFAULT_REFRESH;
        }
        String text = value.toString().trim();
        if (!text.endsWith("s")) {
            throw new IllegalArgumentException("refresh_interval must be a duration in seconds like \"60s\": " + text);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
    }

    @Override
    protected String getName() {
        return "tls";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Above grpc-java's own "tls" provider (priority 5), so the bootstrap's file fields are honoured. */
    @Override
    public int priority() {
        return 10;
    }
}
