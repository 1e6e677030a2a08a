package dev.gantry.translator.features;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RouteOption duration as k8sgateway writes them ({@code 1.5s}, {@code 250ms}, {@code 1m30s}; the CRD's
 * pattern), which unlike the Gateway API's has fractions. Millisecond precision, up to 99,999 hours.
 */
public final class OptionDurations {

    private static final Pattern PART = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h)");
    private static final long MAX_HOURS = 99_999;

    private OptionDurations() {
    }

    /**
     * @param field the option's field, for the message
     * @throws IllegalArgumentException naming {@code field} when {@code value} is not such a duration
     */
    public static Duration parse(String field, String value) {
        String text = value.trim();
        Matcher matcher = PART.matcher(text);
        long micros = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            long unit = switch (matcher.group(2)) {
                case "ms" -> 1_000L;
                case "s" -> 1_000_000L;
                case "m" -> 60_000_000L;
                default -> 3_600_000_000L;
            };
            micros += Math.round(amount * unit);
            end = matcher.end();
        }
        if (text.isEmpty() || end != text.length()) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a duration (e.g. 1.5s, 250ms, 1m30s)");
        }
        Duration duration = Duration.ofMillis(micros / 1_000);
        if (duration.toHours() > MAX_HOURS) {
            throw new IllegalArgumentException(field + ": '" + value + "' is too long");
        }
        return duration;
    }

    static com.google.protobuf.Duration proto(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano())
                .build();
    }
}
