package dev.gantry.translator.model.ir.policy;

/**
 * A RouteOption's {@code bufferPerRoute}: buffer whole requests up to {@code maxRequestBytes}, or not at all.
 *
 * @param maxRequestBytes the largest request buffered (a larger one is answered 413), or {@code null} when
 *                        buffering is disabled for the route
 */
public record BufferIr(Integer maxRequestBytes) {
}
