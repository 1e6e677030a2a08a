package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.HttpMatchIr.PathKind;
import dev.gantry.translator.model.ir.HttpMatchIr.PathMatch;
import dev.gantry.translator.model.ir.HttpMatchIr.ValueMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCMethodMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import dev.gantry.translator.validation.EnvoyRegexes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates Gateway API request matches (HTTPRoute's, and GRPCRoute's as the HTTP matches they mean)
 * into {@link HttpMatchIr}s: paths, methods, headers and query parameters that Envoy and grpc-xds both
 * accept, regular expressions RE2 can compile.
 */
final class HttpMatches {

    static final String EXACT = "Exact";
    static final String PATH_PREFIX = "PathPrefix";
    static final String REGULAR_EXPRESSION = "RegularExpression";
    /** A gRPC service or method name segment: no slash, nothing a path may not hold. */
    private static final Pattern GRPC_NAME = Pattern.compile("[^/\\s?#]+");
    private static final String ANY_SEGMENT = "[^/]+";

    private HttpMatches() {
    }

    /** A rule without matches matches every request: the PathPrefix {@code /}. */
    static HttpMatchIr matchAll(int index) {
        return new HttpMatchIr(index, new PathMatch(PathKind.PREFIX, ""), null, List.of(), List.of());
    }

    static HttpMatchIr of(int index, HTTPRouteMatch match) throws InvalidMatchException {
        String method = null;
        if (match.getMethod() != null && !match.getMethod().isEmpty()) {
            requireHeaderSafe("method", match.getMethod());
            method = match.getMethod();
        }
        List<ValueMatch> headers = headers(match.getHeaders());
        List<ValueMatch> queryParams = queryParams(match.getQueryParams());
        HTTPPathMatch path = match.getPath() == null ? new HTTPPathMatch(PATH_PREFIX, "/") : match.getPath();
        String type = path.getType() == null ? PATH_PREFIX : path.getType();
        String value = path.getValue() == null ? "/" : path.getValue();
        PathMatch pathMatch = switch (type) {
            case EXACT -> {
                requirePath(value);
                yield new PathMatch(PathKind.EXACT, value);
            }
            case PATH_PREFIX -> {
                requirePath(value);
                yield new PathMatch(PathKind.PREFIX, withoutTrailingSlashes(value));
            }
            case REGULAR_EXPRESSION -> {
                requireRegex(value);
                yield new PathMatch(PathKind.REGULAR_EXPRESSION, value);
            }
            default -> throw new InvalidMatchException("path match type " + type + " is not supported");
        };
        return new HttpMatchIr(index, pathMatch, method, headers, queryParams);
    }

    /**
     * A GRPCRoute match as the HTTP/2 request match it means: gRPC calls {@code POST /<service>/<method>}.
     * Without a method match every call matches.
     */
    static HttpMatchIr of(int index, GRPCRouteMatch match) throws InvalidMatchException {
        List<ValueMatch> headers = grpcHeaders(match.getHeaders());
        GRPCMethodMatch method = match.getMethod();
        String service = method == null || method.getService() == null || method.getService().isEmpty()
                ? null : method.getService();
        String name = method == null || method.getMethod() == null || method.getMethod().isEmpty()
                ? null : method.getMethod();
        String type = method == null || method.getType() == null ? EXACT : method.getType();
        PathMatch path;
        if (service == null && name == null) {
            path = new PathMatch(PathKind.PREFIX, "");
        } else if (EXACT.equals(type)) {
            requireGrpcName("service", service);
            requireGrpcName("method", name);
            if (service != null && name != null) {
                path = new PathMatch(PathKind.EXACT, "/" + service + "/" + name);
            } else if (service != null) {
                path = new PathMatch(PathKind.PREFIX, "/" + service);
            } else {
                path = new PathMatch(PathKind.REGULAR_EXPRESSION, "/" + ANY_SEGMENT + "/" + literal(name));
                requireRegex(path.value()); // a long method name can make a program larger than Envoy takes
            }
        } else if (REGULAR_EXPRESSION.equals(type)) {
            String servicePattern = service == null ? ANY_SEGMENT : "(?:" + service + ")";
            String methodPattern = name == null ? ANY_SEGMENT : "(?:" + name + ")";
            if (service != null) {
                requireRegex(service);
            }
            if (name != null) {
                requireRegex(name);
            }
            path = new PathMatch(PathKind.REGULAR_EXPRESSION, "/" + servicePattern + "/" + methodPattern);
            requireRegex(path.value()); // Envoy judges the size of the whole path regex, not of its parts
        } else {
            throw new InvalidMatchException("method match type " + type + " is not supported");
        }
        return new HttpMatchIr(index, path, null, headers, List.of());
    }

    private static List<ValueMatch> headers(List<HTTPHeaderMatch> headers) throws InvalidMatchException {
        return firstPerName(headers, HTTPHeaderMatch::getName, HTTPHeaderMatch::getType, HTTPHeaderMatch::getValue);
    }

    private static List<ValueMatch> grpcHeaders(List<GRPCHeaderMatch> headers) throws InvalidMatchException {
        return firstPerName(headers, GRPCHeaderMatch::getName, GRPCHeaderMatch::getType, GRPCHeaderMatch::getValue);
    }

    /** Header names are case-insensitive; only the first match of a name counts (Gateway API). */
    private static <T> List<ValueMatch> firstPerName(List<T> headers, Function<T, String> name, Function<T, String> type,
            Function<T, String> value) throws InvalidMatchException {
        List<ValueMatch> result = new ArrayList<>();
        if (headers == null) {
            return result;
        }
        Set<String> names = new HashSet<>();
        for (T header : headers) {
            ValueMatch match = header == null ? null
                    : header(name.apply(header), type.apply(header), value.apply(header));
            if (match == null) {
                throw new InvalidMatchException("a header match has no name");
            }
            if (names.add(match.name().toLowerCase(Locale.ROOT))) {
                result.add(match);
            }
        }
        return result;
    }

    private static ValueMatch header(String name, String type, String value) throws InvalidMatchException {
        if (name == null || name.isEmpty()) {
            return null;
        }
        requireHeaderSafe("header name", name);
        return valueMatch("header " + name, name, type, value);
    }

    /** Query parameter names are case-sensitive; only the first match of a name counts (Gateway API). */
    private static List<ValueMatch> queryParams(List<HTTPQueryParamMatch> params) throws InvalidMatchException {
        List<ValueMatch> result = new ArrayList<>();
        if (params == null) {
            return result;
        }
        Set<String> names = new HashSet<>();
        for (HTTPQueryParamMatch param : params) {
            if (param == null || param.getName() == null || param.getName().isEmpty()) {
                throw new InvalidMatchException("a query parameter match has no name");
            }
            if (names.add(param.getName())) {
                requireHeaderSafe("query parameter name", param.getName());
                result.add(valueMatch("query parameter " + param.getName(), param.getName(), param.getType(),
                        param.getValue()));
            }
        }
        return result;
    }

    private static ValueMatch valueMatch(String what, String name, String type, String value)
            throws InvalidMatchException {
        String matchType = type == null ? EXACT : type;
        String expected = value == null ? "" : value;
        requireHeaderSafe(what, expected);
        return switch (matchType) {
            case EXACT -> new ValueMatch(name, false, expected);
            case REGULAR_EXPRESSION -> {
                requireRegex(expected);
                yield new ValueMatch(name, true, expected);
            }
            default -> throw new InvalidMatchException(what + ": match type " + matchType + " is not supported");
        };
    }

    /** A literal for RE2: every character that is not a letter, digit or underscore escaped. */
    private static String literal(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && c != '_') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static void requireGrpcName(String what, String name) throws InvalidMatchException {
        if (name != null && !GRPC_NAME.matcher(name).matches()) {
            throw new InvalidMatchException("gRPC " + what + " " + name + " is not a valid name");
        }
    }

    private static void requirePath(String path) throws InvalidMatchException {
        if (!path.startsWith("/")) {
            throw new InvalidMatchException("path " + path + " does not start with /");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                throw new InvalidMatchException("path " + path + " contains a character not allowed in a path");
            }
        }
    }

    private static void requireHeaderSafe(String what, String value) throws InvalidMatchException {
        if (value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidMatchException(what + " contains NUL, CR or LF");
        }
    }

    /** Judged by RE2 (re2j) and Envoy's program-size limit: what Envoy would refuse drops the match instead. */
    private static void requireRegex(String pattern) throws InvalidMatchException {
        Optional<String> problem = EnvoyRegexes.problem(pattern);
        if (problem.isPresent()) {
            throw new InvalidMatchException(problem.get());
        }
    }

    private static String withoutTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
