package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.HttpListenerOptions.Brotli;
import dev.gantry.model.options.HttpListenerOptions.Gzip;
import dev.gantry.model.options.HttpListenerOptions.Zstd;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.CompressionIr;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.Compressor;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HttpListenerOption's {@code gzip} (Gloo's fields) and {@code brotli}: Envoy's {@code envoy.filters.http.compressor}
 * with the gzip or brotli library compresses responses for clients whose {@code Accept-Encoding} takes it
 * ({@code contentLength}: the smallest body compressed, {@code contentType}: the media types, Envoy's list by
 * default). {@code zstd} (Gantry's, like brotli) uses the zstd library. Several may be set: brotli's filter comes
 * first, then zstd's, then gzip's, so a client taking several gets the first of those it takes equally. Slot
 * {@link HttpFilterOrder#COMPRESSION}; optional.
 */
final class CompressionFeature implements Feature {

    static final String GZIP_FILTER = "envoy.filters.http.compressor.gzip";
    static final String BROTLI_FILTER = "envoy.filters.http.compressor.brotli";
    static final String ZSTD_FILTER = "envoy.filters.http.compressor.zstd";
    private static final Map<String, io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionLevel> LEVELS =
            Map.of("DEFAULT", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionLevel.DEFAULT_COMPRESSION,
                    "BEST", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionLevel.BEST_COMPRESSION,
                    "SPEED", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionLevel.BEST_SPEED);
    private static final Map<String, io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionStrategy> STRATEGIES =
            Map.of("DEFAULT", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionStrategy.DEFAULT_STRATEGY,
                    "FILTERED", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionStrategy.FILTERED,
                    "HUFFMAN", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionStrategy.HUFFMAN_ONLY,
                    "RLE", io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.CompressionStrategy.RLE);

    @Override
    public String name() {
        return "compression";
    }

    @Override
    public void readListener(ListenerReading reading) {
        HttpListenerOptions options = reading.http();
        if (options == null || (options.gzip() == null && options.brotli() == null && options.zstd() == null)) {
            return;
        }
        String problem = options.gzip() == null ? null : gzipProblem(options.gzip());
        if (problem == null && options.brotli() != null) {
            problem = brotliProblem(options.brotli());
        }
        if (problem == null && options.zstd() != null) {
            problem = zstdProblem(options.zstd());
        }
        if (problem != null) {
            reading.invalid(problem);
            return;
        }
        reading.attach(new CompressionIr(options.gzip(), options.brotli(), options.zstd()));
    }

    private static String gzipProblem(Gzip gzip) {
        if (gzip.memoryLevel() != null && (gzip.memoryLevel() < 1 || gzip.memoryLevel() > 9)) {
            return "gzip.memoryLevel: " + gzip.memoryLevel() + " is not within 1..9";
        }
        if (gzip.windowBits() != null && (gzip.windowBits() < 9 || gzip.windowBits() > 15)) {
            return "gzip.windowBits: " + gzip.windowBits() + " is not within 9..15";
        }
        if (gzip.compressionLevel() != null && !LEVELS.containsKey(gzip.compressionLevel())) {
            return "gzip.compressionLevel: '" + gzip.compressionLevel() + "' is not DEFAULT, BEST or SPEED";
        }
        if (gzip.compressionStrategy() != null && !STRATEGIES.containsKey(gzip.compressionStrategy())) {
            return "gzip.compressionStrategy: '" + gzip.compressionStrategy() + "' is not DEFAULT, FILTERED, HUFFMAN or RLE";
        }
        return commonProblem("gzip", gzip.contentLength(), gzip.contentType());
    }

    private static String brotliProblem(Brotli brotli) {
        if (brotli.quality() != null && (brotli.quality() < 0 || brotli.quality() > 11)) {
            return "brotli.quality: " + brotli.quality() + " is not within 0..11";
        }
        if (brotli.windowBits() != null && (brotli.windowBits() < 10 || brotli.windowBits() > 24)) {
            return "brotli.windowBits: " + brotli.windowBits() + " is not within 10..24";
        }
        return commonProblem("brotli", brotli.contentLength(), brotli.contentType());
    }

    private static String zstdProblem(Zstd zstd) {
        if (zstd.compressionLevel() != null && (zstd.compressionLevel() < 1 || zstd.compressionLevel() > 22)) {
            return "zstd.compressionLevel: " + zstd.compressionLevel() + " is not within 1..22";
        }
        if (zstd.strategy() != null && !ZSTD_STRATEGIES.contains(zstd.strategy())) {
            return "zstd.strategy: '" + zstd.strategy() + "' is not one of " + String.join(", ", ZSTD_STRATEGIES);
        }
        return commonProblem("zstd", zstd.contentLength(), zstd.contentType());
    }

    /** Envoy's Zstd.Strategy names (the zstd library's). */
    private static final List<String> ZSTD_STRATEGIES = List.of("DEFAULT", "FAST", "DFAST", "GREEDY", "LAZY", "LAZY2",
            "BTLAZY2", "BTOPT", "BTULTRA", "BTULTRA2");

    private static String commonProblem(String field, Integer contentLength, List<String> contentTypes) {
        if (contentLength != null && contentLength < 0) {
            return field + ".contentLength: " + contentLength + " is negative";
        }
        if (contentTypes != null && contentTypes.size() > 50) {
            return field + ".contentType: more than 50 types";
        }
        if (contentTypes != null && contentTypes.stream().anyMatch(type -> type == null || !type.contains("/"))) {
            return field + ".contentType: every entry is a media type (type/subtype)";
        }
        return null;
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return ListenerPolicies.first(listeners, CompressionIr.class).map(compression -> {
            List<OrderedHttpFilter> filters = new ArrayList<>(3);
            if (compression.brotli() != null) {
                Brotli brotli = compression.brotli();
                io.envoyproxy.envoy.extensions.compression.brotli.compressor.v3.Brotli.Builder library =
                        io.envoyproxy.envoy.extensions.compression.brotli.compressor.v3.Brotli.newBuilder();
                if (brotli.quality() != null) {
                    library.setQuality(UInt32Value.of(brotli.quality()));
                }
                if (brotli.windowBits() != null) {
                    library.setWindowBits(UInt32Value.of(brotli.windowBits()));
                }
                filters.add(filter(BROTLI_FILTER, "brotli", Any.pack(library.build()), brotli.contentLength(),
                        brotli.contentType(), brotli.disableOnEtagHeader(), brotli.removeAcceptEncodingHeader()));
            }
            if (compression.zstd() != null) {
                Zstd zstd = compression.zstd();
                io.envoyproxy.envoy.extensions.compression.zstd.compressor.v3.Zstd.Builder library =
                        io.envoyproxy.envoy.extensions.compression.zstd.compressor.v3.Zstd.newBuilder()
                                .setEnableChecksum(Boolean.TRUE.equals(zstd.enableChecksum()));
                if (zstd.compressionLevel() != null) {
                    library.setCompressionLevel(UInt32Value.of(zstd.compressionLevel()));
                }
                if (zstd.strategy() != null) {
                    library.setStrategy(io.envoyproxy.envoy.extensions.compression.zstd.compressor.v3.Zstd.Strategy
                            .valueOf(zstd.strategy()));
                }
                filters.add(filter(ZSTD_FILTER, "zstd", Any.pack(library.build()), zstd.contentLength(),
                        zstd.contentType(), zstd.disableOnEtagHeader(), zstd.removeAcceptEncodingHeader()));
            }
            if (compression.gzip() != null) {
                Gzip gzip = compression.gzip();
                io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.Builder library =
                        io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip.newBuilder();
                if (gzip.memoryLevel() != null) {
                    library.setMemoryLevel(UInt32Value.of(gzip.memoryLevel()));
                }
                if (gzip.windowBits() != null) {
                    library.setWindowBits(UInt32Value.of(gzip.windowBits()));
                }
                if (gzip.compressionLevel() != null) {
                    library.setCompressionLevel(LEVELS.get(gzip.compressionLevel()));
                }
                if (gzip.compressionStrategy() != null) {
                    library.setCompressionStrategy(STRATEGIES.get(gzip.compressionStrategy()));
                }
                filters.add(filter(GZIP_FILTER, "gzip", Any.pack(library.build()), gzip.contentLength(),
                        gzip.contentType(), gzip.disableOnEtagHeader(), gzip.removeAcceptEncodingHeader()));
            }
            return List.copyOf(filters);
        }).orElse(List.of());
    }

    private static OrderedHttpFilter filter(String name, String library, Any libraryConfig, Integer contentLength,
            List<String> contentTypes, Boolean disableOnEtag, Boolean removeAcceptEncoding) {
        Compressor.CommonDirectionConfig.Builder common = Compressor.CommonDirectionConfig.newBuilder();
        if (contentLength != null) {
            common.setMinContentLength(UInt32Value.of(contentLength));
        }
        if (contentTypes != null) {
            common.addAllContentType(contentTypes);
        }
        Compressor compressor = Compressor.newBuilder()
                .setCompressorLibrary(TypedExtensionConfig.newBuilder().setName(library).setTypedConfig(libraryConfig))
                .setResponseDirectionConfig(Compressor.ResponseDirectionConfig.newBuilder()
                        .setCommonConfig(common)
                        .setDisableOnEtagHeader(Boolean.TRUE.equals(disableOnEtag))
                        .setRemoveAcceptEncodingHeader(Boolean.TRUE.equals(removeAcceptEncoding)))
                .build();
        return new OrderedHttpFilter(HttpFilterOrder.COMPRESSION, HttpFilter.newBuilder().setName(name)
                .setTypedConfig(Any.pack(compressor)).setIsOptional(true).build());
    }
}
