package dev.gantry.translator.model.ir.policy;

/**
 * A checked URLRewrite.
 *
 * @param hostname the Host to send upstream, or {@code null}
 * @param path the path replacement, or {@code null}
 */
public record UrlRewriteIr(String hostname, PathModifierIr path) {
}
