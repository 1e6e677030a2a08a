package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWKS downloaded from an identity provider: at once, then every {@code refreshInterval}, and again when a
 * token names a key not held (at most once per {@code minRefetchInterval}). Downloads never run on a request's
 * path unless that request waits for an unknown key; concurrent waiters share one download. A failed download
 * keeps the keys held.
 */
final class RemoteKeySource implements KeySource {

    private static final Logger log = LoggerFactory.getLogger(RemoteKeySource.class);

    private final URI uri;
    private final HttpClient http;
    private final Duration fetchTimeout;
    private final long minRefetchNanos;
    private final ScheduledFuture<?> refresh;
    private volatile JWKSet keys = new JWKSet();
    private volatile long lastFetchStart = System.nanoTime() - Long.MAX_VALUE / 2;
    private final AtomicReference<CompletableFuture<JWKSet>> inFlight = new AtomicReference<>();
    private final Runnable onFailure;

    RemoteKeySource(URI uri, HttpClient http, ScheduledExecutorService scheduler, Duration refreshInterval,
            Duration fetchTimeout, Duration minRefetchInterval, Runnable onFailure) {
        this.uri = uri;
        this.http = http;
        this.fetchTimeout = fetchTimeout;
        this.minRefetchNanos = minRefetchInterval.toNanos();
        this.onFailure = onFailure;
        fetch();
        long every = Math.max(refreshInterval.toMillis(), 1_000);
        this.refresh = scheduler.scheduleWithFixedDelay(this::fetch, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public JWKSet current() {
        return keys;
    }

    @Override
    public CompletionStage<JWKSet> refetch() {
        CompletableFuture<JWKSet> running = inFlight.get();
        if (running != null) {
            return running;
        }
        if (System.nanoTime() - lastFetchStart < minRefetchNanos) {
            return CompletableFuture.completedFuture(keys);
        }
        return fetch();
    }

    /** Starts a download unless one is running; the returned stage completes with the keys held afterwards. */
    private CompletableFuture<JWKSet> fetch() {
        CompletableFuture<JWKSet> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get() == null ? CompletableFuture.completedFuture(keys) : inFlight.get();
        }
        lastFetchStart = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    failed(error.toString());
                } else if (response.statusCode() != 200) {
                    failed("HTTP " + response.statusCode());
                } else {
                    keys = JWKSet.parse(response.body());
                }
            } catch (ParseException e) {
                failed("not a JWKS (" + e.getMessage() + ")");
            } finally {
                inFlight.set(null);
                mine.complete(keys);
            }
        });
        return mine;
    }

    private void failed(String why) {
        onFailure.run();
        log.warn("could not download JWKS {}: {}; keeping the {} key(s) held", uri, why, keys.size());
    }

    @Override
    public void close() {
        refresh.cancel(false);
    }
}
