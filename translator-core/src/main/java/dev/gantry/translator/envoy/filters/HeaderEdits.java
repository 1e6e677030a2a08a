package dev.gantry.translator.envoy.filters;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Request- or ResponseHeaderModifier as Envoy header edits: {@code set} overwrites (or adds),
 * {@code add} appends (or adds), {@code remove} removes. The same edits fit a Route and a weighted
 * cluster entry, which is what makes backendRef-level header filters possible.
 */
record HeaderEdits(List<HeaderValueOption> toAdd, List<String> toRemove) {

    private static final int MAX_VALUE_LENGTH = 16_384;

    /** The edits, or empty (with the reason in {@code problems}) when a header cannot be modified. */
    static Optional<HeaderEdits> of(String filterType, HTTPHeaderFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(filterType + " filter has no " + lowerFirst(filterType) + " field");
            return Optional.empty();
        }
        List<HeaderValueOption> toAdd = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        boolean valid = addAll(filterType, filter.getSet(), HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD, toAdd, problems)
                & addAll(filterType, filter.getAdd(), HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD, toAdd, problems);
        for (String name : filter.getRemove() == null ? List.<String>of() : filter.getRemove()) {
            valid &= checkName(filterType, name, problems);
            if (valid) {
                toRemove.add(name);
            }
        }
        return valid ? Optional.of(new HeaderEdits(toAdd, toRemove)) : Optional.empty();
    }

    private static boolean addAll(String filterType, List<HTTPHeader> headers, HeaderAppendAction action,
            List<HeaderValueOption> out, Problems problems) {
        boolean valid = true;
        for (HTTPHeader header : headers == null ? List.<HTTPHeader>of() : headers) {
            if (header == null) {
                continue;
            }
            String value = header.getValue() == null ? "" : header.getValue();
            if (!checkName(filterType, header.getName(), problems)) {
                valid = false;
                continue;
            }
            if (value.length() > MAX_VALUE_LENGTH || value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0) {
                problems.invalid(filterType + ": the value of header " + header.getName()
                        + " contains NUL, CR or LF or is longer than " + MAX_VALUE_LENGTH);
                valid = false;
                continue;
            }
            out.add(HeaderValueOption.newBuilder()
                    .setHeader(HeaderValue.newBuilder().setKey(header.getName()).setValue(value))
                    .setAppendAction(action)
                    .build());
        }
        return valid;
    }

    /** Envoy refuses to modify pseudo-headers and Host (the route is chosen by them); names are RFC 7230 tokens. */
    private static boolean checkName(String filterType, String name, Problems problems) {
        if (name == null || name.isEmpty()) {
            problems.invalid(filterType + ": a header has no name");
            return false;
        }
        if (name.startsWith(":") || name.toLowerCase(Locale.ROOT).equals("host")) {
            problems.invalid(filterType + ": header " + name + " cannot be modified");
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                problems.invalid(filterType + ": '" + name + "' is not a valid header name");
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
