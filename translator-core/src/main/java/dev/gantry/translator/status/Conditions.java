package dev.gantry.translator.status;

import dev.gantry.proto.Condition;

/** The Gateway API's condition types and reasons Gantry reports, and how to build one. */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    // Types
    public static final String ACCEPTED = "Accepted";
    public static final String PROGRAMMED = "Programmed";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    public static final String CONFLICTED = "Conflicted";
    public static final String PARTIALLY_INVALID = "PartiallyInvalid";
    public static final String SUPPORTED_VERSION = "SupportedVersion";

    // Reasons (named as the spec spells them)
    public static final String REASON_ACCEPTED = "Accepted";
    public static final String REASON_PROGRAMMED = "Programmed";
    public static final String REASON_RESOLVED_REFS = "ResolvedRefs";
    public static final String REASON_PENDING = "Pending";
    public static final String REASON_INVALID = "Invalid";
    public static final String REASON_INVALID_PARAMETERS = "InvalidParameters";
    public static final String REASON_LISTENERS_NOT_VALID = "ListenersNotValid";
    public static final String REASON_NO_CONFLICTS = "NoConflicts";
    public static final String REASON_PROTOCOL_CONFLICT = "ProtocolConflict";
    public static final String REASON_HOSTNAME_CONFLICT = "HostnameConflict";
    public static final String REASON_UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    public static final String REASON_PORT_UNAVAILABLE = "PortUnavailable";
    public static final String REASON_INVALID_CERTIFICATE_REF = "InvalidCertificateRef";
    public static final String REASON_INVALID_ROUTE_KINDS = "InvalidRouteKinds";
    public static final String REASON_REF_NOT_PERMITTED = "RefNotPermitted";
    public static final String REASON_NOT_ALLOWED_BY_LISTENERS = "NotAllowedByListeners";
    public static final String REASON_NO_MATCHING_LISTENER_HOSTNAME = "NoMatchingListenerHostname";
    public static final String REASON_NO_MATCHING_PARENT = "NoMatchingParent";
    public static final String REASON_UNSUPPORTED_VALUE = "UnsupportedValue";
    public static final String REASON_INVALID_KIND = "InvalidKind";
    public static final String REASON_BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String REASON_INVALID_CLIENT_CERTIFICATE_REF = "InvalidClientCertificateRef";
    // Policies (GEP-713) and BackendTLSPolicy
    public static final String REASON_CONFLICTED = "Conflicted";

    // CA certificates (BackendTLSPolicy, client certificate validation of Gateway spec.tls.frontend)
    public static final String INSECURE_FRONTEND_VALIDATION_MODE = "InsecureFrontendValidationMode";
    public static final String REASON_CONFIGURATION_CHANGED = "ConfigurationChanged";
    public static final String REASON_INVALID_CA_CERTIFICATE_REF = "InvalidCACertificateRef";
    public static final String REASON_INVALID_CA_CERTIFICATE_KIND = "InvalidCACertificateKind";
    public static final String REASON_NO_VALID_CA_CERTIFICATE = "NoValidCACertificate";

    // Gateway addresses and GatewayClass SupportedVersion
    public static final String REASON_UNSUPPORTED_ADDRESS = "UnsupportedAddress";
    public static final String REASON_ADDRESS_NOT_USABLE = "AddressNotUsable";
    public static final String REASON_ADDRESS_NOT_ASSIGNED = "AddressNotAssigned";
    public static final String REASON_SUPPORTED_VERSION = "SupportedVersion";
    public static final String REASON_UNSUPPORTED_VERSION = "UnsupportedVersion";
    // ListenerSet
    public static final String REASON_NOT_ALLOWED = "NotAllowed";
    public static final String REASON_PARENT_NOT_ACCEPTED = "ParentNotAccepted";

    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message, long generation) {
        return of(type, status ? TRUE : FALSE, reason, message, generation);
    }

    public static Condition of(String type, String status, String reason, String message, long generation) {
        return Condition.newBuilder()
                .setType(type)
                .setStatus(status)
                .setReason(reason)
                .setMessage(message == null ? "" : message)
                .setObservedGeneration(generation)
                .build();
    }
}
