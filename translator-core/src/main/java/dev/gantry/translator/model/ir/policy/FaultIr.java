package dev.gantry.translator.model.ir.policy;

import java.time.Duration;

/**
 * A RouteOption's {@code faults}, checked: an abort answers {@code abortStatus} to {@code abortPerMillion} of
 * the requests, a delay holds {@code delayPerMillion} of them for {@code delay}. Percentages are kept in
 * millionths, Envoy's finest {@code FractionalPercent}, so {@code 0.0001} percent survives.
 *
 * @param abortStatus the status of an abort, or {@code null} for no abort
 * @param delay the delay, or {@code null} for no delay
 */
public record FaultIr(Integer abortStatus, int abortPerMillion, Duration delay, int delayPerMillion) {
}
