package dev.gantry.translator.model.ir;

/**
 * How a listener that terminates TLS validates client certificates (Gateway {@code spec.tls.frontend}).
 *
 * @param trustedCa the PEM certificates of every resolved caCertificateRef, concatenated
 * @param required  {@code AllowValidOnly}: a client certificate signed by {@code trustedCa} is required;
 *                  {@code AllowInsecureFallback}: one is asked for, but a connection without one, or with one
 *                  that does not verify, is let through
 */
public record ClientValidationIr(String trustedCa, boolean required) {
}
