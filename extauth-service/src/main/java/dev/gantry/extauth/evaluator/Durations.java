package dev.gantry.extauth.evaluator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the CRDs' duration strings ({@code 300ms}, {@code 1.5s}, {@code 1h30m}); Go's notation, as Gloo's. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** {@code fallback} when {@code text} is null or blank. */
    public static Duration parse(String text, Duration fallback) throws InvalidAuthConfigException {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String trimmed = text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new InvalidAuthConfigException("'" + trimmed + "' is not a duration such as 300ms, 30s, 5m or 1h");
        }
        double millis = 0;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            double value = Double.parseDouble(part.group(1));
            millis += switch (part.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1_000;
                case "m" -> value * 60_000;
                default -> value * 3_600_000;
            };
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
