package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import dev.gantry.translator.model.ir.RouteRef;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The routes by hostname, patched as listeners come, go and move while their routes are kept objects. */
class DomainRoutesTest {

    private final HttpRouteIr a = route("a", "a.example");
    private final HttpRouteIr b = route("b", "b.example");
    private final HttpRouteIr c = route("c", "c.example");
    private final HttpRouteIr d = route("d", "d.example");

    @Test
    void aKeptRouteMovingToAnotherPositionOfTheSamePortStaysServed() {
        DomainRoutes routes = new DomainRoutes();
        routes.update(List.of(listener(80, a), listener(80, b), listener(80, c)));

        // the first listener became invalid (left out) and one was added at the end: every kept route moved up
        Set<String> changed = routes.update(List.of(listener(80, b), listener(80, c), listener(80, d)));

        assertThat(routes.domains()).containsExactly("b.example", "c.example", "d.example");
        assertThat(routes.of("b.example")).extracting(DomainRoutes.Served::route).containsExactly(b);
        assertThat(routes.of("c.example")).extracting(DomainRoutes.Served::route).containsExactly(c);
        assertThat(changed).contains("a.example", "d.example");
    }

    @Test
    void aListenerAddedOnAnotherPortChangesOnlyItsHostnames() {
        DomainRoutes routes = new DomainRoutes();
        routes.update(List.of(listener(80, a, b)));

        Set<String> changed = routes.update(List.of(listener(80, a, b), listener(8080, c)));

        assertThat(changed).containsExactly("c.example");
        assertThat(routes.of("c.example")).containsExactly(new DomainRoutes.Served(c, 8080));

        changed = routes.update(List.of(listener(80, a, b), listener(8081, c)));

        assertThat(changed).containsExactly("c.example");
        assertThat(routes.of("c.example")).containsExactly(new DomainRoutes.Served(c, 8081));

        changed = routes.update(List.of(listener(80, a, b)));

        assertThat(changed).containsExactly("c.example");
        assertThat(routes.domains()).containsExactly("a.example", "b.example");
    }

    private static ListenerIr listener(int port, HttpRouteIr... routes) {
        return new ListenerIr("l" + port, port, ListenerProtocol.HTTP, null, false, List.of(), null, List.of(routes),
                List.of());
    }

    private static HttpRouteIr route(String name, String hostname) {
        return new HttpRouteIr(new RouteRef("HTTPRoute", "ns", name), Instant.EPOCH, new TreeSet<>(Set.of(hostname)),
                List.of(), false);
    }
}
