package dev.gantry.translator.features;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Gateway API durations (GEP-2257): one to four {@code <digits><unit>} parts, units h, m, s, ms. */
final class GatewayDurations {

    private static final Pattern WHOLE = Pattern.compile("([0-9]{1,5}(h|ms|m|s)){1,4}");
    private static final Pattern PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

    private GatewayDurations() {
    }

    /** The duration, or empty when {@code text} is not a Gateway API duration. */
    static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        long millis = 0;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            millis += switch (part.group(2)) {
                case "h" -> amount * 3_600_000L;
                case "m" -> amount * 60_000L;
                case "s" -> amount * 1_000L;
                default -> amount;
            };
        }
        return Optional.of(Duration.ofMillis(millis));
    }
}
