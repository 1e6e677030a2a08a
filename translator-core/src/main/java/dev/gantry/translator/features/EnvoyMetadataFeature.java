package dev.gantry.translator.features;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.EnvoyMetadataIr;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A RouteOption's {@code envoyMetadata} (per filter namespace, a free-form object) as the route's
 * {@code metadata.filter_metadata}, which Envoy's filters, access logs ({@code %METADATA(ROUTE:ns:key)%}) and Lua
 * scripts read. Checked in stage one: a namespace needs a name and every number must be finite.
 */
final class EnvoyMetadataFeature implements Feature {

    @Override
    public String name() {
        return "envoyMetadata";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        Map<String, Map<String, Object>> metadata = options == null ? null : options.envoyMetadata();
        if (metadata == null || metadata.isEmpty()) {
            return;
        }
        Map<String, Map<String, Object>> checked = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> entry : metadata.entrySet()) {
            String field = "envoyMetadata." + entry.getKey();
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                reading.problems().invalid("envoyMetadata: a filter namespace needs a name");
                return;
            }
            if (entry.getValue() == null) {
                reading.problems().invalid(field + ": needs an object");
                return;
            }
            try {
                struct(field, entry.getValue());
            } catch (IllegalArgumentException e) {
                reading.problems().invalid(e.getMessage());
                return;
            }
            checked.put(entry.getKey(), entry.getValue());
        }
        reading.attach(new EnvoyMetadataIr(java.util.Collections.unmodifiableMap(checked)));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(EnvoyMetadataIr.class).ifPresent(metadata -> {
            Metadata.Builder envoy = route.getMetadataBuilder();
            metadata.filterMetadata().forEach((namespace, value) -> envoy.putFilterMetadata(namespace, struct(namespace, value)));
        });
    }

    private static Struct struct(String field, Map<String, Object> object) {
        Struct.Builder struct = Struct.newBuilder();
        object.forEach((key, value) -> struct.putFields(key, value(field + "." + key, value)));
        return struct.build();
    }

    @SuppressWarnings("unchecked")
    private static Value value(String field, Object value) {
        if (value == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (value instanceof String text) {
            return Value.newBuilder().setStringValue(text).build();
        }
        if (value instanceof Boolean flag) {
            return Value.newBuilder().setBoolValue(flag).build();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(field + ": " + number + " is not a finite number");
            }
            return Value.newBuilder().setNumberValue(d).build();
        }
        if (value instanceof Map<?, ?> map) {
            return Value.newBuilder().setStructValue(struct(field, (Map<String, Object>) map)).build();
        }
        if (value instanceof List<?> list) {
            ListValue.Builder values = ListValue.newBuilder();
            for (int i = 0; i < list.size(); i++) {
                values.addValues(value(field + "[" + i + "]", list.get(i)));
            }
            return Value.newBuilder().setListValue(values).build();
        }
        throw new IllegalArgumentException(field + ": " + value.getClass().getSimpleName() + " is not a JSON value");
    }
}
