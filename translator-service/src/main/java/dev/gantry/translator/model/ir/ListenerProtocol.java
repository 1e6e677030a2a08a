package dev.gantry.translator.model.ir;

/** The listener protocols Gantry programs. TLS means TLS passthrough (routing on SNI only). */
public enum ListenerProtocol {
    HTTP, HTTPS, TLS, TCP
}
