package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.options.HttpListenerOptions.Brotli;
import dev.gantry.model.options.HttpListenerOptions.Gzip;

/** Response compression of a listener (HttpListenerOption {@code gzip}, {@code brotli}), checked; either may be null. */
public record CompressionIr(Gzip gzip, Brotli brotli) {
}
