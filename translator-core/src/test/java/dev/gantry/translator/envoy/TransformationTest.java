package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.features.transformation.EnvoyLuaStream;
import dev.gantry.translator.features.transformation.EnvoyLuaStream.Message;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A RouteOption's {@code stagedTransformations}: header formatters where they suffice, otherwise a generated Lua
 * script per route, which these tests run in a Lua interpreter (LuaJ) against sample requests and responses with an
 * Envoy-like stream handle ({@link EnvoyLuaStream}); template errors in the RouteOption's status.
 */
class TransformationTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            """;

    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: shop}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [shop.example.com]
              rules:
              - name: main
                backendRefs: [{name: web, port: 80}]
            """;

    private static String option(String transformations) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: apps, name: transform, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
                  options:
                    stagedTransformations:
                      regular:
                %s
                """.formatted(transformations.indent(8));
    }

    private static Route route(TranslationResult result) {
        return result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHostsList().stream()
                .flatMap(host -> host.getRoutesList().stream()).findFirst().orElseThrow();
    }

    private static String script(Route route) throws InvalidProtocolBufferException {
        assertThat(route.getTypedPerFilterConfigMap()).containsKey("envoy.filters.http.lua");
        FilterConfig config = route.getTypedPerFilterConfigMap().get("envoy.filters.http.lua").unpack(FilterConfig.class);
        assertThat(config.getIsOptional()).as("grpc-xds has no Lua").isTrue();
        return config.getConfig().unpack(LuaPerRoute.class).getSourceCode().getInlineString();
    }

    private static ResourceStatus optionStatus(TranslationResult result) {
        return status(result, "RouteOption", "apps", "transform");
    }

    @Test
    void valuesFromThePathAQueryParameterAndAHeaderFillRequestHeaders() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, option("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      parseBodyBehavior: DontParse
                      extractors:
                        user: {header: ':path', regex: '/users/(\\d+).*', subgroup: 1}
                        page: {queryParameter: page}
                        token: {header: authorization, regex: 'Bearer (.*)', subgroup: 1}
                      headers:
                        x-user-id: {text: '{{ user }}'}
                        x-page: {text: 'page {{ extraction("page") }} of "{{ header("x-total") }}"'}
                        x-token: {text: '{{ token }}'}
                      headersToAppend:
                      - {key: x-trace, value: {text: 'from {{ header(":authority") }}'}}
                      headersToRemove: [authorization]
                """));

        Route route = route(result);
        assertValid(result.gateways().get("apps/gw"));
        assertThat(state(optionStatus(result).getConditionsList(), "Accepted")).isEqualTo("True/Accepted");

        Message request = new Message().header(":path", "/users/42/orders?page=3%2B1&x=1").header(":authority", "shop.example.com")
                .header("authorization", "Bearer s3cr3t").header("x-total", "9").header("x-trace", "client");
        EnvoyLuaStream stream = new EnvoyLuaStream(script(route)).request(request);

        assertThat(stream.has("envoy_on_response")).as("nothing to do on the response").isFalse();
        assertThat(request.first("x-user-id")).isEqualTo("42");
        assertThat(request.first("x-page")).isEqualTo("page 3+1 of \"9\"");
        assertThat(request.first("x-token")).as("read before authorization is removed").isEqualTo("s3cr3t");
        assertThat(request.headers.get("x-trace")).containsExactly("client", "from shop.example.com");
        assertThat(request.headers).doesNotContainKey("authorization");
        assertThat(stream.localReply).isNull();

        // a path the regex does not match gives empty values, and an empty value removes the header
        Message other = new Message().header(":path", "/health").header("x-user-id", "spoofed");
        new EnvoyLuaStream(script(route)).request(other);
        assertThat(other.headers).doesNotContainKey("x-user-id").doesNotContainKey("x-token");
    }

    @Test
    void aJsonBodyIsReadByFieldsAndJsonPathsAndReplaced() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, option("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      extractors:
                        sku: {body: {}, jsonPath: "$.items[1].sku"}
                      headers:
                        x-customer: {text: '{{ customer.name }}'}
                      body: {text: '{"who": "{{ customer.name }}", "sku": "{{ sku }}", "n": {{ items[0].qty }}, "all": {{ items }}, "missing": "{{ customer.nothing }}"}'}
                """));

        String script = script(route(result));
        Message request = new Message().header(":path", "/order").header("content-length", "999")
                .body("{\"customer\": {\"name\": \"Zoë \\\"Z\\\"\"}, \"items\": [{\"sku\": \"a-1\", \"qty\": 2}, {\"sku\": \"b-2\", \"qty\": 1.5}]}");
        new EnvoyLuaStream(script).request(request);

        assertThat(request.first("x-customer")).isEqualTo("Zoë \"Z\"");
        assertThat(request.body).isEqualTo("{\"who\": \"Zoë \"Z\"\", \"sku\": \"b-2\", \"n\": 2, "
                + "\"all\": [{\"qty\":2,\"sku\":\"a-1\"},{\"qty\":1.5,\"sku\":\"b-2\"}], \"missing\": \"\"}");
        assertThat(request.first("content-length"))
                .isEqualTo(String.valueOf(request.body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }

    @Test
    void aRequestBodyThatIsNotJsonIsAnsweredWith400UnlessErrorsAreIgnored() throws Exception {
        String template = """
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      %s
                      headers:
                        x-customer: {text: 'name={{ customer.name }}'}
                """;
        Message request = new Message().header(":path", "/order").body("customer=zoe");
        EnvoyLuaStream strict = new EnvoyLuaStream(script(route(translate(CLASS, BACKENDS, GATEWAY, ROUTE,
                option(template.formatted("parseBodyBehavior: ParseAsJson")))))).request(request);
        assertThat(strict.localReply).isNotNull();
        assertThat(strict.localReply.headers()).containsEntry(":status", "400");
        assertThat(strict.localReply.body()).startsWith("the request body is not JSON");
        assertThat(request.headers).doesNotContainKey("x-customer");

        Message lenient = new Message().header(":path", "/order").body("customer=zoe");
        EnvoyLuaStream ignored = new EnvoyLuaStream(script(route(translate(CLASS, BACKENDS, GATEWAY, ROUTE,
                option(template.formatted("ignoreErrorOnParse: true")))))).request(lenient);
        assertThat(ignored.localReply).isNull();
        assertThat(lenient.first("x-customer")).isEqualTo("name=");
    }

    @Test
    void aResponseIsTransformedWithTheRequestsHeadersAndItsOwnJsonBody() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, option("""
                responseTransforms:
                - responseTransformation:
                    transformationTemplate:
                      extractors:
                        code: {header: ':status'}
                      headers:
                        ':status': {text: '200'}
                        x-request-id: {text: '{{ request_header("x-request-id") }}'}
                        content-type: {text: 'application/json'}
                      body: {text: '{"status": {{ code }}, "error": "{{ error.message }}", "id": "{{ request_header("x-request-id") }}"}'}
                """));

        String script = script(route(result));
        assertValid(result.gateways().get("apps/gw"));
        EnvoyLuaStream stream = new EnvoyLuaStream(script);
        Message request = new Message().header(":path", "/x").header("x-request-id", "r-1");
        Message response = new Message().header(":status", "503").header("content-type", "application/json")
                .body("{\"error\": {\"message\": \"upstream down\"}}");
        stream.request(request).response(response);

        assertThat(request.headers).as("the request is only read").containsOnlyKeys(":path", "x-request-id");
        assertThat(response.first(":status")).isEqualTo("200");
        assertThat(response.first("x-request-id")).isEqualTo("r-1");
        assertThat(response.body).isEqualTo("{\"status\": 503, \"error\": \"upstream down\", \"id\": \"r-1\"}");

        // a response body that is not JSON leaves the JSON values empty (a response cannot be answered with 400)
        Message plain = new Message().header(":status", "502").body("Bad Gateway");
        new EnvoyLuaStream(script).request(new Message().header(":path", "/y")).response(plain);
        assertThat(plain.body).isEqualTo("{\"status\": 502, \"error\": \"\", \"id\": \"\"}");
    }

    @Test
    void headerTemplatesOfTextAndHeadersNeedNoScript() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, option("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      headers:
                        x-forwarded-user: {text: 'user {{ header("x-user") }} at 100%'}
                      headersToRemove: [x-internal]
                  responseTransformation:
                    transformationTemplate:
                      headersToAppend:
                      - {key: x-served-for, value: {text: '{{ request_header("x-user") }}/{{ header("server") }}'}}
                """));

        Route route = route(result);
        assertThat(route.getTypedPerFilterConfigMap()).doesNotContainKey("envoy.filters.http.lua");
        assertThat(route.getRequestHeadersToAddList()).extracting(option -> option.getHeader().getKey(),
                option -> option.getHeader().getValue(), HeaderValueOption::getAppendAction)
                .contains(org.assertj.core.groups.Tuple.tuple("x-forwarded-user", "user %REQ(x-user)% at 100%%",
                        HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
        assertThat(route.getRequestHeadersToRemoveList()).contains("x-internal");
        assertThat(route.getResponseHeadersToAddList()).extracting(option -> option.getHeader().getValue(),
                HeaderValueOption::getAppendAction)
                .contains(org.assertj.core.groups.Tuple.tuple("%REQ(x-user)%/%RESP(server)%",
                        HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD));
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void theLuaFilterIsInEveryConnectionManagerDisabledAheadOfTheRouter() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE);
        HttpConnectionManager manager = result.gateways().get("apps/gw").listeners().get(0).getFilterChains(0)
                .getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        List<String> names = manager.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
        assertThat(names).contains("envoy.filters.http.lua");
        assertThat(names.indexOf("envoy.filters.http.lua")).isLessThan(names.indexOf("envoy.filters.http.router"));
        HttpFilter lua = manager.getHttpFiltersList().get(names.indexOf("envoy.filters.http.lua"));
        assertThat(lua.getDisabled()).isTrue();
        assertThat(lua.getIsOptional()).isTrue();
    }

    @Test
    void aTemplateErrorIsRejectedInTheStatusNamingTheFieldAndOnlyItsRuleAnswers500() {
        String twoRules = ROUTE + """
                  - name: other
                    matches: [{path: {type: PathPrefix, value: /other}}]
                    backendRefs: [{name: web, port: 80}]
                """;
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, twoRules, option("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      headers:
                        x-user: {text: 'id {{ user_id }'}
                """).replace("name: shop}]", "name: shop, sectionName: main}]"));

        ResourceStatus status = optionStatus(result);
        assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(status.getConditionsList(), "Accepted").getMessage()).contains(
                "options.stagedTransformations.regular.requestTransforms[0].requestTransformation.transformationTemplate"
                        + ".headers.x-user.text: expected '}}'");
        List<Route> routes = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHostsList().stream()
                .flatMap(host -> host.getRoutesList().stream()).toList();
        assertThat(routes).filteredOn(route -> route.getName().contains("/rule0/"))
                .allSatisfy(route -> assertThat(route.getDirectResponse().getStatus()).as("the rule answers 500").isEqualTo(500))
                .isNotEmpty();
        assertThat(routes).filteredOn(route -> route.getName().contains("/rule1/"))
                .allSatisfy(route -> assertThat(route.hasRoute()).as("the other rule forwards").isTrue())
                .isNotEmpty();
    }

    @Test
    void eachKindOfMistakeIsNamed() {
        assertInvalid("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      parseBodyBehavior: DontParse
                      headers: {x-a: {text: '{{ nobody }}'}}
                """, "headers.x-a.text: unknown name nobody at 3: no extractor of that name (there are none), "
                + "and the body is not parsed as JSON");
        assertInvalid("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      headers: {x-a: {text: '{{ env("HOME") }}'}}
                """, "headers.x-a.text: unknown function env() at 3");
        assertInvalid("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      extractors: {id: {header: ':path', regex: '/(a|b)/(\\d+)', subgroup: 2}}
                """, "extractors.id.regex: not supported in an extractor's regex (it runs as a Lua pattern): alternation");
        assertInvalid("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      extractors: {id: {header: ':path', regex: '/(\\d+)', subgroup: 2}}
                """, "extractors.id.subgroup: 2 but the regex has 1 group");
        assertInvalid("""
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      extractors: {id: {body: {}, jsonPath: 'items[0]'}}
                """, "extractors.id.jsonPath: items[0] does not start with $");
        assertInvalid("""
                responseTransforms:
                - responseTransformation:
                    transformationTemplate:
                      headers: {':path': {text: '/'}}
                """, "responseTransforms[0].responseTransformation.transformationTemplate.headers.:path: :path is not a header of the response");
        assertInvalid("""
                requestTransforms:
                - matcher: {prefix: /api}
                  requestTransformation: {transformationTemplate: {headers: {x-a: {text: a}}}}
                """, "requestTransforms[0].matcher: not supported");
    }

    private static void assertInvalid(String transformations, String message) {
        ResourceStatus status = optionStatus(translate(CLASS, BACKENDS, GATEWAY, ROUTE, option(transformations)));
        assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(status.getConditionsList(), "Accepted").getMessage()).contains(message);
    }
}
