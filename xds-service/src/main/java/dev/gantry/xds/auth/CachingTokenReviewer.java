package dev.gantry.xds.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reuses a definitive answer for a short while, so a reconnect storm does not become a TokenReview storm. Keys are
 * SHA-256 digests, so the heap never holds the tokens themselves; the map is bounded (expired entries go first,
 * then everything), so distinct junk tokens cannot grow it without end.
 */
public class CachingTokenReviewer implements TokenReviewer {

    private record Entry(Review review, Instant expires) {
    }

    private final TokenReviewer delegate;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CachingTokenReviewer(TokenReviewer delegate, Duration ttl, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Review review(String token, String audience) {
        String key = digest(audience + "\n" + token);
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.review();
        }
        Review review = delegate.review(token, audience);
        if (review.definitive() && !ttl.isZero()) {
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(e -> !now.isBefore(e.expires()));
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(key, new Entry(review, now.plus(ttl)));
        } else {
            entries.remove(key);
        }
        return review;
    }

    int size() {
        return entries.size();
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
