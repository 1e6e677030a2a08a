package dev.gantry.translator.model.ir;

/** The listener protocols Gantry programs. TLS routes TCP streams on SNI, passing TLS through or terminating it ({@link ListenerIr#terminatesTls()}). */
public enum ListenerProtocol {
    HTTP, HTTPS, TLS, TCP
}
