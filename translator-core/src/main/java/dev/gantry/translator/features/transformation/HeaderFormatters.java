package dev.gantry.translator.features.transformation;

import dev.gantry.translator.model.ir.policy.TransformationIr.Header;
import dev.gantry.translator.model.ir.policy.TransformationIr.HeaderTemplate;
import dev.gantry.translator.model.ir.policy.TransformationIr.Part;
import dev.gantry.translator.model.ir.policy.TransformationIr.RequestHeader;
import dev.gantry.translator.model.ir.policy.TransformationIr.Text;
import dev.gantry.translator.model.ir.policy.TransformationIr.Transform;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A transformation that only sets, appends and removes ordinary headers with templates of text and other headers
 * needs no script: Envoy's route-level {@code request_headers_to_add} / {@code response_headers_to_add} with header
 * formatters ({@code %REQ(name)%}, {@code %RESP(name)%}) do it. This decides whether they suffice and writes them.
 */
public final class HeaderFormatters {

    private HeaderFormatters() {
    }

    /** Whether {@code transform} can be written as header formatters (no extractors, body, pseudo-headers or Host). */
    public static boolean suffice(Transform transform) {
        if (!transform.extractors().isEmpty() || transform.body() != null) {
            return false;
        }
        List<String> names = new ArrayList<>(transform.remove());
        transform.set().forEach(header -> names.add(header.name()));
        transform.append().forEach(header -> names.add(header.name()));
        if (names.stream().anyMatch(name -> name.startsWith(":") || name.equals("host"))) {
            return false; // Envoy refuses headers_to_add for these
        }
        return transform.parts().stream().allMatch(part -> part instanceof Text || part instanceof Header
                || part instanceof RequestHeader);
    }

    /** The header options of {@code transform} (which {@link #suffice}s): sets first, then appends. */
    public static List<HeaderValueOption> options(Transform transform, boolean request) {
        List<HeaderValueOption> options = new ArrayList<>();
        for (HeaderTemplate header : transform.set()) {
            options.add(option(header, request, HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
        }
        for (HeaderTemplate header : transform.append()) {
            options.add(option(header, request, HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD));
        }
        return options;
    }

    private static HeaderValueOption option(HeaderTemplate header, boolean request,
            HeaderValueOption.HeaderAppendAction action) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(header.name()).setValue(format(header.value(), request)))
                .setAppendAction(action)
                .build();
    }

    /** The template as an Envoy substitution format string. */
    static String format(List<Part> parts, boolean request) {
        StringBuilder format = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text text) {
                format.append(text.value().replace("%", "%%"));
            } else if (part instanceof Header header) {
                format.append(request ? "%REQ(" : "%RESP(").append(header.name()).append(")%");
            } else if (part instanceof RequestHeader header) {
                format.append("%REQ(").append(header.name()).append(")%");
            } else {
                throw new IllegalArgumentException("not a header formatter: " + part);
            }
        }
        return format.toString();
    }
}
