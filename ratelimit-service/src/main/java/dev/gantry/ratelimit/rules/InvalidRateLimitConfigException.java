package dev.gantry.ratelimit.rules;

/** A RateLimitConfig this service cannot serve; the message says where and why. */
public class InvalidRateLimitConfigException extends Exception {

    public InvalidRateLimitConfigException(String message) {
        super(message);
    }

    public InvalidRateLimitConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
