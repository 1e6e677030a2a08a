package dev.gantry.extauth.evaluator;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A bounded, expiring cache of evaluation results where concurrent requests for the same key share one
 * computation (single flight): the first caller puts an incomplete future in the cache and computes it, the others
 * wait on that future. A computation that fails is not cached, so the next request tries again. Keys must not be
 * credentials themselves: use a digest.
 */
public final class SingleFlightCache<K, V> {

    private final AsyncCache<K, V> cache;

    public SingleFlightCache(Duration ttl, long maximumSize) {
        // Runnable::run: Caffeine's bookkeeping runs on the completing thread; the computation is the caller's
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).executor(Runnable::run)
                .buildAsync();
    }

    /** The cached value, or the one {@code compute} produces (on the caller's thread, or completing later). */
    public CompletableFuture<V> get(K key, Function<K, CompletionStage<V>> compute) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        try {
            compute.apply(key).whenComplete((value, error) -> {
                if (error != null) {
                    mine.completeExceptionally(error);
                } else {
                    mine.complete(value);
                }
            });
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** How many entries are held (approximate), for tests and admin views. */
    public long size() {
        return cache.synchronous().estimatedSize();
    }
}
