package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.validation.EnvoyValidator;
import com.google.protobuf.Message;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.model.TestResources;
import java.util.List;
import java.util.stream.Stream;

/** Small manifests and lookups shared by the focused translation tests. */
final class TranslationFixtures {

    static final String CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: gantry}
            spec: {controllerName: gantry.dev/gateway-controller}
            """;

    static final String BACKENDS = """
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: web}
            spec: {ports: [{name: http, port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: db}
            spec: {ports: [{name: pg, port: 5432}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: greeter}
            spec: {ports: [{name: grpc, port: 9000}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: apps, name: db-a, labels: {kubernetes.io/service-name: db}}
            addressType: IPv4
            ports: [{name: pg, port: 5432}]
            endpoints: [{addresses: [10.2.0.1]}]
            """;

    /** A self-signed EC certificate for secure.example.com and its key, base64 as a Secret holds them. */
    static final String CERTIFICATE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lVRE1iY0xwRzdCK0F1NExRK21sZXZqQ1RZNEJrd0NnWUlLb1pJemowRUF3SXcKSFRFYk1Ca0dBMVVFQXd3U2MyVmpkWEpsTG1WNFlXMXdiR1V1WTI5dE1DQVhEVEkyTVRFeU5qQTFORGMwTmxvWQpEekl4TWpZeE1UQXlNRFUwTnpRMldqQWRNUnN3R1FZRFZRUUREQkp6WldOMWNtVXVaWGhoYlhCc1pTNWpiMjB3CldUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFTMGFNZU12T1FGSTBwNkY0UDFNL3pLSUM4akJDcU4KYVZRUVRLdkhPN05YOTA0VFFSQXUrNFRmcFBIM3ZQMXdldDEzUWdxbGNvaXZzYlNGc21SKys2OTFvMU13VVRBZApCZ05WSFE0RUZnUVVOOHUxRTE3bVRrdkowYVYwblgxK3hXa2RFc2N3SHdZRFZSMGpCQmd3Rm9BVU44dTFFMTdtClRrdkowYVYwblgxK3hXa2RFc2N3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSUFEQkYKQWlBZ2FMN0tuS0pWRzJ2c3YvN09RZFhQQWdQYkJ0SzliZzFZcTFEN0hpaE5RZ0loQUs3cXg5a1lBNUFLZGlBNgpSRnZpSHVxSkhIOVpGRlg5U1dSd1BndlZDcytzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
    static final String KEY = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3lSTnYzdC9DRHlxZEY0cjUKTFFuREdFR3RXNXNsTVN4eDhmY29raER6bUdPaFJBTkNBQVMwYU1lTXZPUUZJMHA2RjRQMU0vektJQzhqQkNxTgphVlFRVEt2SE83Tlg5MDRUUVJBdSs0VGZwUEgzdlAxd2V0MTNRZ3FsY29pdnNiU0ZzbVIrKzY5MQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==";

    static String tlsSecret(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: %s, name: %s}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                """.formatted(namespace, name, CERTIFICATE, KEY);
    }

    private TranslationFixtures() {
    }

    static TranslationResult translate(String... yamls) {
        return new GatewayTranslator().translateAll(TestResources.index(yamls));
    }

    static ResourceStatus status(TranslationResult result, String kind, String namespace, String name) {
        return result.statuses().stream()
                .filter(status -> status.getKind().equals(kind) && status.getNamespace().equals(namespace)
                        && status.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no status of " + kind + " " + namespace + "/" + name));
    }

    static ListenerStatus listener(ResourceStatus gateway, String name) {
        return gateway.getListenersList().stream().filter(listener -> listener.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no listener " + name));
    }

    static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(condition -> condition.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + conditions));
    }

    /** "status/reason" of a condition, for compact assertions. */
    static String state(List<Condition> conditions, String type) {
        Condition condition = condition(conditions, type);
        return condition.getStatus() + "/" + condition.getReason();
    }

    static RouteParentStatus parent(ResourceStatus route, String gateway, String section) {
        return route.getParentsList().stream()
                .filter(parent -> parent.getParentRef().getName().equals(gateway)
                        && parent.getParentRef().getSectionName().equals(section == null ? "" : section))
                .findFirst().orElseThrow(() -> new AssertionError("no parent " + gateway + "/" + section));
    }

    static void assertValid(EnvoyResources resources) {
        Stream.of(resources.listeners(), resources.apiListeners(), resources.routeConfigurations(),
                        resources.clusters(), resources.clusterLoadAssignments(), resources.secrets())
                .flatMap(List::stream)
                .forEach(resource -> assertThat(EnvoyValidator.shared().validate((Message) resource))
                        .as("violations of %s", resource.getClass().getSimpleName()).isEmpty());
    }
}
