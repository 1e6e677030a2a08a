package dev.gantry.xds.auth;

import dev.gantry.xds.auth.XdsIdentity.GatewayIdentity;
import dev.gantry.xds.auth.XdsIdentity.ServiceAccountIdentity;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the identity out of a client certificate's SPIFFE URI SAN: {@code spiffe://<td>/ns/<ns>/gateway/<name>} or
 * {@code spiffe://<td>/ns/<ns>/sa/<serviceaccount>}. Anything else (another trust domain, another shape, several
 * SPIFFE ids, which an SVID must not carry) yields nothing, so the client is unauthenticated.
 */
public final class SpiffeIds {

    private static final int URI_SAN = 6;
    /** A Kubernetes object name (DNS subdomain); keeps {@code ..} and slashes out of the ids we compare. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private SpiffeIds() {
    }

    public static Optional<XdsIdentity> fromCertificate(X509Certificate certificate, String trustDomain) {
        List<String> spiffe = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() == 2 && Integer.valueOf(URI_SAN).equals(san.get(0))
                            && san.get(1) instanceof String uri && uri.startsWith("spiffe://")) {
                        spiffe.add(uri);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        return spiffe.size() == 1 ? parse(spiffe.get(0), trustDomain) : Optional.empty();
    }

    public static Optional<XdsIdentity> parse(String spiffeId, String trustDomain) {
        URI uri;
        try {
            uri = new URI(spiffeId);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!"spiffe".equals(uri.getScheme()) || !trustDomain.equals(uri.getHost()) || uri.getRawPath() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || uri.getPort() != -1) {
            return Optional.empty();
        }
        String[] parts = uri.getRawPath().split("/", -1);
        // "", "ns", <ns>, "gateway"|"sa", <name>
        if (parts.length != 5 || !parts[0].isEmpty() || !"ns".equals(parts[1])
                || !NAME.matcher(parts[2]).matches() || !NAME.matcher(parts[4]).matches()) {
            return Optional.empty();
        }
        return switch (parts[3]) {
            case "gateway" -> Optional.of(new GatewayIdentity(parts[2], parts[4]));
            case "sa" -> Optional.of(new ServiceAccountIdentity(parts[2], parts[4]));
            default -> Optional.empty();
        };
    }
}
