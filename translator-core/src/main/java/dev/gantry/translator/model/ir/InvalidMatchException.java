package dev.gantry.translator.model.ir;

/** A request match Envoy or grpc-xds could not accept; the match is dropped and the route's status says why. */
final class InvalidMatchException extends Exception {

    InvalidMatchException(String message) {
        super(message, null, false, false);
    }
}
