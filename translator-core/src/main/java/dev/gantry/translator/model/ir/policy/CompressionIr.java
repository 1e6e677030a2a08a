package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.options.HttpListenerOptions.Brotli;
import dev.gantry.model.options.HttpListenerOptions.Gzip;
import dev.gantry.model.options.HttpListenerOptions.Zstd;

/**
 * Response compression of a listener (HttpListenerOption {@code gzip}, {@code brotli}, {@code zstd}), checked; any
 * may be null.
 */
public record CompressionIr(Gzip gzip, Brotli brotli, Zstd zstd) {
}
