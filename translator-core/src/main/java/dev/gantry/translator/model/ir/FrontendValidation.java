package dev.gantry.translator.model.ir;

import dev.gantry.proto.Condition;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.FrontendTLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.FrontendTLSValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSPortConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Client certificate validation (Gateway {@code spec.tls.frontend}): the {@code perPort} entry of a listener's
 * port, else {@code default}, applies to every listener of that port that terminates TLS. A caCertificateRef
 * that does not resolve makes the listener's ResolvedRefs False; a configuration without any usable CA makes
 * it not Accepted ({@code NoValidCACertificate}), since serving it without the validation asked for would
 * let in clients the owner meant to keep out.
 */
final class FrontendValidation {

    static final String ALLOW_VALID_ONLY = "AllowValidOnly";
    static final String ALLOW_INSECURE_FALLBACK = "AllowInsecureFallback";

    private FrontendValidation() {
    }

    /** Resolves the validation of the listener's port into {@code state}, or marks the listener invalid. */
    static void apply(ResourceIndex index, Gateway gateway, ListenerState state) {
        FrontendTLSValidation validation = validationFor(gateway, state.port);
        if (validation == null) {
            return;
        }
        String namespace = gateway.getMetadata().getNamespace();
        List<ObjectReference> refs = validation.getCaCertificateRefs() == null ? List.of()
                : validation.getCaCertificateRefs().stream().filter(Objects::nonNull).toList();
        List<String> trusted = new ArrayList<>();
        if (refs.isEmpty()) {
            state.unresolved(Conditions.REASON_INVALID_CA_CERTIFICATE_REF, "client certificate validation names no caCertificateRefs");
        }
        for (ObjectReference ref : refs) {
            CaCertificates.Resolution resolution = CaCertificates.resolve(index, KubernetesGroups.GATEWAY_API,
                    IrTranslator.GATEWAY_KIND, namespace, ref);
            if (resolution.resolved()) {
                trusted.add(resolution.pem().endsWith("\n") ? resolution.pem() : resolution.pem() + "\n");
            } else {
                state.unresolved(reasonOf(resolution.problem()), resolution.message());
            }
        }
        if (trusted.isEmpty()) {
            state.notAccepted(Conditions.REASON_NO_VALID_CA_CERTIFICATE,
                    "client certificate validation for port " + state.port + " has no usable CA certificate");
            return;
        }
        state.clientValidation = new ClientValidationIr(String.join("", trusted),
                !ALLOW_INSECURE_FALLBACK.equals(validation.getMode()));
    }

    /**
     * The Gateway's own conditions about frontend validation: {@code InsecureFrontendValidationMode} True when
     * some configuration lets clients without a valid certificate through.
     */
    static List<Condition> gatewayConditions(Gateway gateway, long generation) {
        boolean insecure = configurations(gateway).map(TLSConfig::getValidation).filter(Objects::nonNull)
                .anyMatch(validation -> ALLOW_INSECURE_FALLBACK.equals(validation.getMode()));
        return insecure
                ? List.of(Conditions.of(Conditions.INSECURE_FRONTEND_VALIDATION_MODE, true,
                        Conditions.REASON_CONFIGURATION_CHANGED,
                        "Client certificate validation uses AllowInsecureFallback: clients without a valid certificate"
                                + " are let through", generation))
                : List.of();
    }

    /** The perPort validation of {@code port}, else the default one, or {@code null} when there is none. */
    static FrontendTLSValidation validationFor(Gateway gateway, int port) {
        FrontendTLSConfig frontend = frontendOf(gateway);
        if (frontend == null) {
            return null;
        }
        if (frontend.getPerPort() != null) {
            for (TLSPortConfig perPort : frontend.getPerPort()) {
                if (perPort != null && perPort.getPort() != null && perPort.getPort() == port) {
                    return perPort.getTls() == null ? null : perPort.getTls().getValidation();
                }
            }
        }
        return frontend.getDefault() == null ? null : frontend.getDefault().getValidation();
    }

    private static Stream<TLSConfig> configurations(Gateway gateway) {
        FrontendTLSConfig frontend = frontendOf(gateway);
        if (frontend == null) {
            return Stream.empty();
        }
        Stream<TLSConfig> perPort = frontend.getPerPort() == null ? Stream.empty()
                : frontend.getPerPort().stream().filter(Objects::nonNull).map(TLSPortConfig::getTls);
        return Stream.concat(Stream.of(frontend.getDefault()), perPort).filter(Objects::nonNull);
    }

    private static FrontendTLSConfig frontendOf(Gateway gateway) {
        return gateway.getSpec() == null || gateway.getSpec().getTls() == null ? null
                : gateway.getSpec().getTls().getFrontend();
    }

    private static String reasonOf(CaCertificates.Problem problem) {
        return switch (problem) {
            case KIND -> Conditions.REASON_INVALID_CA_CERTIFICATE_KIND;
            case REF -> Conditions.REASON_INVALID_CA_CERTIFICATE_REF;
            case NOT_PERMITTED -> Conditions.REASON_REF_NOT_PERMITTED;
        };
    }
}
