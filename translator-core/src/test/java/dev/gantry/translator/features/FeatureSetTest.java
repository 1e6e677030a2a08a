package dev.gantry.translator.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.gantry.translator.model.ir.ListenerIr;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP filter order is the one written in {@link HttpFilterOrder}, whatever the order features are listed in. */
class FeatureSetTest {

    /** A feature that only contributes one HTTP filter. */
    private record FilterOnly(HttpFilterOrder slot, String filterName) implements Feature {

        @Override
        public String name() {
            return filterName;
        }

        @Override
        public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
            Any config = slot == HttpFilterOrder.RATE_LIMIT ? Any.pack(RateLimit.newBuilder().setDomain("gantry").build())
                    : Any.pack(HTTPFault.getDefaultInstance());
            return List.of(new OrderedHttpFilter(slot, HttpFilter.newBuilder().setName(filterName).setTypedConfig(config).build()));
        }
    }

    @Test
    void theBuiltInsNeedCorsFaultAndBufferThenTheRouter() {
        assertThat(FeatureSet.builtIns().httpFilters(List.of())).extracting(HttpFilter::getName)
                .containsExactly("envoy.filters.http.cors", "envoy.filters.http.csrf", "envoy.filters.http.fault",
                        "envoy.filters.http.local_ratelimit", "envoy.filters.http.lua", "envoy.filters.http.buffer", FeatureSet.ROUTER);
    }

    @Test
    void filtersAreSortedBySlotAndTheRouterIsLast() {
        List<Feature> features = new java.util.ArrayList<>(FeatureSet.builtIns().features());
        features.add(0, new FilterOnly(HttpFilterOrder.RATE_LIMIT, "envoy.filters.http.ratelimit"));
        features.add(new FilterOnly(HttpFilterOrder.EXTERNAL_AUTH, "envoy.filters.http.ext_authz"));

        assertThat(FeatureSet.of(features).httpFilters(List.of())).extracting(HttpFilter::getName).containsExactly(
                "envoy.filters.http.cors", "envoy.filters.http.csrf", "envoy.filters.http.ext_authz",
                "envoy.filters.http.fault", "envoy.filters.http.local_ratelimit", "envoy.filters.http.ratelimit",
                "envoy.filters.http.lua", "envoy.filters.http.buffer", FeatureSet.ROUTER);
    }

    @Test
    void twoFeaturesCannotContributeTheSameFilter() {
        FeatureSet set = FeatureSet.of(List.of(new FilterOnly(HttpFilterOrder.FAULT, "x"), new FilterOnly(HttpFilterOrder.FAULT, "x")));
        assertThatThrownBy(() -> set.httpFilters(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noFeatureTakesTheRoutersPlace() {
        assertThatThrownBy(() -> new OrderedHttpFilter(HttpFilterOrder.ROUTER, HttpFilter.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
