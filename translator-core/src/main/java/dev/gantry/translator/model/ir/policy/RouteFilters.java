package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * The checked Gateway API filters of one filter list: a rule's own, or one backendRef's. Each type appears at
 * most once in a list (the Gateway API's rule), except RequestMirror; ExtensionRefs are resolved away in stage
 * one (a RouteOption is written in as the equivalent filters).
 *
 * @param requestHeaders RequestHeaderModifier, or {@code null}
 * @param responseHeaders ResponseHeaderModifier, or {@code null}
 * @param redirect RequestRedirect, or {@code null}
 * @param urlRewrite URLRewrite, or {@code null}
 * @param mirrors the RequestMirrors whose backend resolved, in the order written
 * @param cors CORS, or {@code null}
 */
public record RouteFilters(HeaderEditsIr requestHeaders, HeaderEditsIr responseHeaders, RedirectIr redirect,
        UrlRewriteIr urlRewrite, List<MirrorIr> mirrors, CorsIr cors) {

    public static final RouteFilters NONE = new RouteFilters(null, null, null, null, List.of(), null);

    public RouteFilters {
        mirrors = List.copyOf(mirrors);
    }

    public RouteFilters withRequestHeaders(HeaderEditsIr edits) {
        return new RouteFilters(edits, responseHeaders, redirect, urlRewrite, mirrors, cors);
    }

    public RouteFilters withResponseHeaders(HeaderEditsIr edits) {
        return new RouteFilters(requestHeaders, edits, redirect, urlRewrite, mirrors, cors);
    }

    public RouteFilters withRedirect(RedirectIr value) {
        return new RouteFilters(requestHeaders, responseHeaders, value, urlRewrite, mirrors, cors);
    }

    public RouteFilters withUrlRewrite(UrlRewriteIr value) {
        return new RouteFilters(requestHeaders, responseHeaders, redirect, value, mirrors, cors);
    }

    public RouteFilters withMirror(MirrorIr mirror) {
        List<MirrorIr> more = new java.util.ArrayList<>(mirrors);
        more.add(mirror);
        return new RouteFilters(requestHeaders, responseHeaders, redirect, urlRewrite, more, cors);
    }

    public RouteFilters withCors(CorsIr value) {
        return new RouteFilters(requestHeaders, responseHeaders, redirect, urlRewrite, mirrors, value);
    }
}
