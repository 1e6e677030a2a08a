package dev.gantry.translator.model.ir;

import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.Reads;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Stage one: Gateway API resources → the intermediate model, and the status of every object on the way.
 * Deterministic: equal input gives equal output. It remembers what it resolved last time (see
 * {@link RouteAttachments}, {@link BackendUsage}, {@link ResolvedBackends}) so that one changed route costs
 * one route's work; what it remembers never changes the result. Not thread-safe: one
 * translator thread owns it.
 */
public final class IrTranslator {

    public static final String CONTROLLER_NAME = "gantry.dev/gateway-controller";
    static final String GATEWAY_KIND = "Gateway";
    private static final Comparator<StreamRouteIr> CLAIM_ORDER = Comparator.comparing(StreamRouteIr::created)
            .thenComparing(route -> route.route().key());

    /**
     * One Gateway of ours while its routes attach.
     *
     * @param problem what is wrong with the Gateway as a whole (parameters, addresses), or {@code null}
     */
    private record GatewayWork(Gateway gateway, List<ListenerState> listeners, long generation, GatewayProblem problem,
            List<ListenerSets.Entry> listenerSets) {

        /** A Gateway refused as a whole gets no listener programmed. */
        boolean refused() {
            return problem != null && Conditions.ACCEPTED.equals(problem.type());
        }
    }

    /** {@code <namespace>/<name>} of every Gateway whose GatewayClass has our controllerName, sorted. */
    public List<String> gateways(ResourceIndex index) {
        return index.gateways().stream().filter(gateway -> isOurs(index, gateway)).map(ObjectNames::of).sorted().toList();
    }

    public IrResult translate(ResourceIndex index) {
        return translateRound(index, gateway -> true);
    }

    /**
     * Like {@link #translate(ResourceIndex, Predicate)}, but remembers what the round read, so that
     * {@link #unchangedSinceFullRound} can tell whether a round with the same {@code wanted} would give the same
     * result (a translator replica translates the Gateways of its shards this way, round after round).
     */
    public IrResult translateRound(ResourceIndex index, Predicate<String> wanted) {
        ResourceIndex.Recorded<IrResult> recorded = index.reading(() -> translate(index, wanted));
        lastFullRound = recorded.reads();
        return recorded.value();
    }

    /**
     * Whether the last translation was of every Gateway and nothing it depends on has changed since: what the
     * round itself read (listings, Gateways, certificates...), and what each kept attachment and backend read (kept
     * results are not read again in a round, so their reads are asked of them here).
     */
    public boolean unchangedSinceFullRound(ResourceIndex index) {
        return lastFullRound != null && index.unchanged(lastFullRound) && attachments.unchanged(index)
                && backends.unchanged(index);
    }

    /** Only the Gateways {@code wanted} accepts (by {@code <namespace>/<name>}), and the routes attached to them. */
    public IrResult translate(ResourceIndex index, Predicate<String> wanted) {
        lastFullRound = null;
        List<ResourceStatus> statuses = new ArrayList<>();
        GatewayApiBundle.Verdict bundle = null;
        for (GatewayClass gatewayClass : index.gatewayClasses()) {
            if (gatewayClass.getSpec() != null && CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName())) {
                bundle = bundle == null ? GatewayApiBundle.of(index) : bundle;
                statuses.add(gatewayClassStatus(index, gatewayClass, bundle));
            }
        }
        Map<String, GatewayWork> work = new LinkedHashMap<>();
        List<ListenerSets.Entry> listenerSets = ListenerSets.of(index);
        for (Gateway gateway : index.gateways()) {
            String key = ObjectNames.of(gateway);
            if (isOurs(index, gateway) && wanted.test(key)) {
                long generation = index.generation(keyOf(gateway, KubernetesGroups.GATEWAY_API, GATEWAY_KIND));
                GatewayProblem problem = GatewayChecks.of(index, gateway).orElse(null);
                boolean refused = problem != null && Conditions.ACCEPTED.equals(problem.type());
                List<ListenerSets.Entry> attached = refused ? List.of() : listenerSets.stream()
                        .filter(listenerSet -> key.equals(listenerSet.gateway()))
                        .filter(listenerSet -> ListenerSets.allowed(index, gateway, listenerSet.namespace()))
                        .toList();
                work.put(key, new GatewayWork(gateway, ListenerValidator.validate(index, gateway, attached), generation,
                        problem, attached));
            }
        }
        listenerSetGateways = new HashMap<>();
        listenerSets.stream().filter(listenerSet -> listenerSet.gateway() != null && work.containsKey(listenerSet.gateway()))
                .forEach(listenerSet -> listenerSetGateways.put(listenerSet.key(), listenerSet.gateway()));
        attachments.startRound(contextOf(work));
        backends.startRound();
        attachAll(index, index.httpRoutes(), RouteView::of, work, statuses);
        attachAll(index, index.grpcRoutes(), RouteView::of, work, statuses);
        attachAll(index, index.tlsRoutes(), RouteView::of, work, statuses);
        attachAll(index, index.tcpRoutes(), RouteView::of, work, statuses);
        for (Attachment dropped : attachments.endRound()) {
            dropped.placements().forEach(placement -> countUsage(placement, -1));
        }
        SortedMap<String, GatewayIr> gateways = new TreeMap<>();
        BackendTlsPolicies backendTls = BackendTlsPolicies.of(index);
        for (ListenerSets.Entry listenerSet : listenerSets) {
            GatewayWork gateway = listenerSet.gateway() == null ? null : work.get(listenerSet.gateway());
            if (gateway != null) {
                statuses.add(listenerSetStatus(index, listenerSet, gateway));
            }
        }
        for (Map.Entry<String, GatewayWork> entry : work.entrySet()) {
            GatewayWork gateway = entry.getValue();
            statuses.add(gatewayStatus(index, gateway));
            gateways.put(entry.getKey(), ListenerOptionPolicies.apply(index, gateway.gateway(),
                    VirtualHostOptionPolicies.apply(index, gateway.gateway(),
                            backendTls.apply(index, gateway.gateway(), gatewayIr(index, entry.getKey(), gateway)))));
        }
        statuses.addAll(backendTls.statuses(index, gateways));
        statuses.addAll(RouteOptionStatuses.of(index));
        statuses.addAll(VirtualHostOptionPolicies.statuses(index));
        statuses.addAll(ListenerOptionPolicies.statuses(index));
        statuses.addAll(UpstreamStatuses.of(index));
        statuses.addAll(PolicyResourceStatuses.of(index));
        policyUses.endRound();
        return new IrResult(gateways, sortedStatuses.sort(statuses));
    }

    private <T extends HasMetadata> void attachAll(ResourceIndex index, List<T> routes, Function<T, RouteView> view,
            Map<String, GatewayWork> work, List<ResourceStatus> statuses) {
        boolean continued = attachments.continued();
        for (T route : routes) {
            Attachment last = attachments.last(route);
            Attachment attachment;
            if (last != null && last.view().object() == route && index.unchanged(last.reads())
                    && (continued || stillReaches(index, last, work))) {
                attachment = last;
            } else {
                attachment = attach(index, last != null && last.view().object() == route ? last.view()
                        : view.apply(route), work, last);
                if (last != null) {
                    last.placements().forEach(placement -> countUsage(placement, -1));
                }
            }
            attachments.keep(route, attachment);
            attachment.status().ifPresent(statuses::add);
            for (Placement placement : attachment.placements()) {
                placement.applyTo(work.get(placement.gateway()).listeners().get(placement.listener()));
                if (attachment != last) {
                    countUsage(placement, 1);
                }
            }
        }
    }

    /** What attachments are made in: the Gateways at work as routes attach to them (see {@link AttachmentContext}). */
    private AttachmentContext contextOf(Map<String, GatewayWork> work) {
        List<AttachmentContext.GatewayShape> gateways = new ArrayList<>(work.size());
        work.forEach((key, gateway) -> gateways.add(new AttachmentContext.GatewayShape(key, gateway.refused(),
                gateway.listenerSets().stream().map(ListenerSets.Entry::key).toList(),
                gateway.listeners().stream().map(AttachmentContext.ListenerShape::of).toList())));
        return new AttachmentContext(gateways, Map.copyOf(listenerSetGateways));
    }

    static boolean isOurs(ResourceIndex index, Gateway gateway) {
        String className = gateway.getSpec() == null ? null : gateway.getSpec().getGatewayClassName();
        return className != null && index.gatewayClass(className)
                .map(gatewayClass -> gatewayClass.getSpec() != null
                        && CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName()))
                .orElse(false);
    }

    // ---- GatewayClass

    private static ResourceStatus gatewayClassStatus(ResourceIndex index, GatewayClass gatewayClass,
            GatewayApiBundle.Verdict bundle) {
        ResourceKey key = keyOf(gatewayClass, KubernetesGroups.GATEWAY_API, "GatewayClass");
        long generation = index.generation(key);
        Optional<String> invalidParameters = InfrastructureParameters.problemOf(index, gatewayClass);
        return statusOf(index, key, generation)
                .addConditions(invalidParameters.isEmpty()
                        ? Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, "Handled by Gantry", generation)
                        : Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID_PARAMETERS,
                                invalidParameters.get(), generation))
                .addConditions(Conditions.of(Conditions.SUPPORTED_VERSION, bundle.supported(), bundle.supported()
                        ? Conditions.REASON_SUPPORTED_VERSION : Conditions.REASON_UNSUPPORTED_VERSION, bundle.message(),
                        generation))
                .addAllSupportedFeatures(SupportedFeatures.NAMES)
                .build();
    }

    // ---- Gateway

    private static ResourceStatus gatewayStatus(ResourceIndex index, GatewayWork work) {
        long generation = work.generation();
        ResourceStatus.Builder status = statusOf(index,
                keyOf(work.gateway(), KubernetesGroups.GATEWAY_API, GATEWAY_KIND), generation);
        List<ListenerState> own = work.listeners().stream().filter(listener -> listener.owner == null).toList();
        long programmable = own.stream().filter(ListenerState::programmable).count();
        int total = own.size();
        GatewayProblem problem = work.problem();
        if (work.refused()) {
            status.addConditions(Conditions.of(Conditions.ACCEPTED, false, problem.reason(), problem.message(), generation));
            status.addConditions(Conditions.of(Conditions.PROGRAMMED, false, Conditions.REASON_INVALID,
                    "The Gateway is not accepted", generation));
            own.forEach(listener -> status.addListeners(listener.statusUnderRefusedGateway(generation)));
            return status.build();
        }
        status.setAttachedListenerSets((int) work.listenerSets().stream()
                .filter(listenerSet -> ownedBy(work, listenerSet).anyMatch(ListenerState::programmable)).count());
        if (programmable == total) {
            status.addConditions(Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED,
                    "Gateway is accepted", generation));
        } else {
            status.addConditions(Conditions.of(Conditions.ACCEPTED, programmable > 0, Conditions.REASON_LISTENERS_NOT_VALID,
                    (total - programmable) + " of " + total + " listeners are not valid", generation));
        }
        status.addConditions(problem != null
                ? Conditions.of(Conditions.PROGRAMMED, false, problem.reason(), problem.message(), generation)
                : programmable > 0
                ? Conditions.of(Conditions.PROGRAMMED, Conditions.UNKNOWN, Conditions.REASON_PENDING,
                        "Waiting for the snapshot to be written", generation)
                : Conditions.of(Conditions.PROGRAMMED, false, Conditions.REASON_INVALID, "No valid listener", generation));
        BackendClientCertificate.condition(index, work.gateway(), generation).ifPresent(status::addConditions);
        FrontendValidation.gatewayConditions(work.gateway(), generation).forEach(status::addConditions);
        own.forEach(listener -> status.addListeners(listener.status(generation)));
        return status.build();
    }

    // ---- ListenerSet

    private static java.util.stream.Stream<ListenerState> ownedBy(GatewayWork work, ListenerSets.Entry listenerSet) {
        return work.listeners().stream().filter(listener -> listenerSet.key().equals(listener.owner));
    }

    /**
     * A ListenerSet naming a Gateway of ours: not accepted when the Gateway is refused or does not allow it
     * ({@code allowedListeners}), or when none of its listeners is valid; otherwise accepted, and programmed with
     * the Gateway's snapshot ({@code programmed_with}).
     */
    private static ResourceStatus listenerSetStatus(ResourceIndex index, ListenerSets.Entry listenerSet, GatewayWork work) {
        ResourceKey key = new ResourceKey(KubernetesGroups.GATEWAY_API, ListenerSets.KIND, listenerSet.namespace(),
                listenerSet.name());
        long generation = index.generation(key);
        ResourceStatus.Builder status = statusOf(index, key, generation).setProgrammedWith(listenerSet.gateway());
        String reason;
        String message;
        if (work.refused()) {
            reason = Conditions.REASON_PARENT_NOT_ACCEPTED;
            message = "Gateway " + listenerSet.gateway() + " is not accepted";
        } else if (!work.listenerSets().contains(listenerSet)) {
            reason = Conditions.REASON_NOT_ALLOWED;
            message = "The allowedListeners of Gateway " + listenerSet.gateway() + " do not allow ListenerSets from namespace "
                    + listenerSet.namespace();
        } else {
            List<ListenerState> listeners = ownedBy(work, listenerSet).toList();
            listeners.forEach(listener -> status.addListeners(listener.status(generation)));
            long programmable = listeners.stream().filter(ListenerState::programmable).count();
            if (programmable > 0) {
                status.addConditions(programmable == listeners.size()
                        ? Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, "ListenerSet is accepted",
                                generation)
                        : Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_LISTENERS_NOT_VALID,
                                (listeners.size() - programmable) + " of " + listeners.size() + " listeners are not valid",
                                generation));
                status.addConditions(Conditions.of(Conditions.PROGRAMMED, Conditions.UNKNOWN, Conditions.REASON_PENDING,
                        "Waiting for the snapshot to be written", generation));
                return status.build();
            }
            reason = Conditions.REASON_LISTENERS_NOT_VALID;
            message = listeners.isEmpty() ? "The ListenerSet has no listener" : "No listener of the ListenerSet is valid";
        }
        status.addConditions(Conditions.of(Conditions.ACCEPTED, false, reason, message, generation));
        status.addConditions(Conditions.of(Conditions.PROGRAMMED, false, reason, message, generation));
        return status.build();
    }

    /** Counts what an attached route uses (whether its listener is programmed is asked in {@link #gatewayIr}). */
    private void countUsage(Placement placement, int sign) {
        usage.computeIfAbsent(placement.gateway(), ignored -> new BackendUsage()).count(placement, sign);
    }

    private GatewayIr gatewayIr(ResourceIndex index, String key, GatewayWork work) {
        List<ListenerIr> listeners = new ArrayList<>();
        SortedMap<String, TlsCertificate> certificates = new TreeMap<>();
        for (ListenerState listener : work.listeners()) {
            if (!listener.programmable() || work.refused()) {
                continue;
            }
            listener.streamRoutes.sort(CLAIM_ORDER);
            listeners.add(listener.toIr(key, policyUses));
            listener.certificates.forEach(certificate -> certificates.put(certificate.sdsName(), certificate));
        }
        SortedMap<String, BackendIr> backends = new TreeMap<>();
        BackendUsage used = usage.get(key);
        if (used != null && !work.refused()) {
            used.forEach(listener -> listener < work.listeners().size() && work.listeners().get(listener).programmable(),
                    (service, use) -> backends.put(service.clusterName(),
                    this.backends.get(index, service, use.grpc() || isH2c(service), use.stream() && !use.http(),
                            use.passthroughOnly())));
        }
        // an Upstream's client certificate is served over SDS like a listener's
        backends.values().forEach(backend -> UpstreamTlsMaterial.clientCertificateOf(backend)
                .ifPresent(certificate -> certificates.put(certificate.sdsName(), certificate)));
        return new GatewayIr(work.gateway().getMetadata().getNamespace(), work.gateway().getMetadata().getName(),
                listeners, backends, certificates);
    }

    private static boolean isH2c(BackendService service) {
        if (service.upstream() != null && Boolean.TRUE.equals(service.upstream().spec().useHttp2())) {
            return true;
        }
        String protocol = service.appProtocol() == null ? "" : service.appProtocol().toLowerCase(Locale.ROOT);
        return protocol.equals("kubernetes.io/h2c") || protocol.equals("h2c") || protocol.equals("grpc");
    }

    // ---- Routes

    /**
     * The route's status for the parents of ours it names (none when it names none), and where it attaches, with
     * what that read from the index. Reuses {@code last}'s rules while nothing they read has changed, and its
     * placements where they come out equal, so stage two sees the very same objects for what did not change.
     */
    private Attachment attach(ResourceIndex index, RouteView route, Map<String, GatewayWork> gateways, Attachment last) {
        RuleResolution resolution = new RuleResolution(index, route, last);
        ResourceIndex.Recorded<Attachment> recorded = index.reading(() -> attach(index, route, gateways, resolution));
        Attachment attachment = recorded.value();
        return new Attachment(route, attachment.reaches(), attachment.status(), Placement.reusing(attachment.placements(),
                last == null ? List.of() : last.placements()), resolution.rules, resolution.reads, recorded.reads());
    }

    /**
     * Whether a kept attachment, made among other listeners, still holds: every parentRef reaches where it did. An
     * {@code allowedRoutes} selector would read namespace labels, which the kept attachment may not have read:
     * then it does not tell, and the route is attached again.
     */
    private boolean stillReaches(ResourceIndex index, Attachment last, Map<String, GatewayWork> gateways) {
        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference> parents = last.view().parentRefs();
        for (int i = 0; i < parents.size(); i++) {
            ParentReach now = reach(index, last.view(), parents.get(i), gateways, false);
            if (now == null || !now.equals(last.reaches().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A route's rules, resolved at most once per attachment, or reused from the last one while still right. */
    private static final class RuleResolution {
        private final ResourceIndex index;
        private final RouteView route;
        private final Attachment last;
        RouteRules rules;
        Reads reads = Reads.NONE;

        RuleResolution(ResourceIndex index, RouteView route, Attachment last) {
            this.index = index;
            this.route = route;
            this.last = last;
        }

        RouteRules get() {
            if (rules == null) {
                if (last != null && last.rules() != null && index.unchanged(last.rulesReads())) {
                    index.reread(last.rulesReads());
                    rules = last.rules();
                    reads = last.rulesReads();
                } else {
                    ResourceIndex.Recorded<RouteRules> resolved = index.reading(() -> RouteRules.of(index, route));
                    rules = resolved.value();
                    reads = resolved.reads();
                }
            }
            return rules;
        }
    }

    private Attachment attach(ResourceIndex index, RouteView route, Map<String, GatewayWork> gateways,
            RuleResolution resolution) {
        ResourceKey key = keyOf(route.object(), KubernetesGroups.GATEWAY_API, route.kind().kind);
        long generation = index.generation(key);
        List<ParentReach> reaches = new ArrayList<>(route.parentRefs().size());
        List<RouteParentStatus> parents = new ArrayList<>();
        Map<String, Placement> placements = new LinkedHashMap<>();
        for (io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference parent : route.parentRefs()) {
            ParentReach reach = reach(index, route, parent, gateways, true);
            reaches.add(reach);
            if (reach.verdict() == ParentReach.Verdict.NOT_OURS) {
                continue;
            }
            RouteRules rules = resolution.get();
            ParentReference.Builder ref = ParentReference.newBuilder()
                    .setGroup(parent.getGroup() == null ? KubernetesGroups.GATEWAY_API : parent.getGroup())
                    .setKind(parent.getKind() == null ? GATEWAY_KIND : parent.getKind())
                    .setNamespace(parent.getNamespace() == null ? route.namespace() : parent.getNamespace())
                    .setName(parent.getName());
            if (parent.getSectionName() != null) {
                ref.setSectionName(parent.getSectionName());
            }
            if (parent.getPort() != null) {
                ref.setPort(parent.getPort());
            }
            parents.add(RouteParentStatus.newBuilder()
                    .setParentRef(ref)
                    .setControllerName(CONTROLLER_NAME)
                    .addAllConditions(conditions(route, ref, reach, rules, generation, placements))
                    .build());
        }
        List<ParentReach> reached = List.copyOf(reaches);
        if (parents.isEmpty()) {
            return new Attachment(route, reached, Optional.empty(), List.of(), null, Reads.NONE, Reads.NONE);
        }
        return new Attachment(route, reached, Optional.of(statusOf(index, key, generation).addAllParents(parents).build()),
                List.copyOf(placements.values()), null, Reads.NONE, Reads.NONE);
    }

    /**
     * Where one parentRef reaches among the Gateways at work. With {@code mayRead} false it reads nothing from the
     * index and answers {@code null} where it would have to (a listener selecting route namespaces by label).
     */
    private ParentReach reach(ResourceIndex index, RouteView route,
            io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference parent, Map<String, GatewayWork> gateways,
            boolean mayRead) {
        String group = parent.getGroup() == null ? KubernetesGroups.GATEWAY_API : parent.getGroup();
        String kind = parent.getKind() == null ? GATEWAY_KIND : parent.getKind();
        if (!KubernetesGroups.GATEWAY_API.equals(group) || !(GATEWAY_KIND.equals(kind) || ListenerSets.KIND.equals(kind))) {
            return ParentReach.NOT_OURS;
        }
        String parentKey = ObjectNames.of(parent.getNamespace() == null ? route.namespace() : parent.getNamespace(),
                parent.getName());
        // the listeners a parentRef can reach: the Gateway's own, or one ListenerSet's
        String owner = GATEWAY_KIND.equals(kind) ? null : parentKey;
        String gatewayKey = owner == null ? parentKey : listenerSetGateways.get(parentKey);
        GatewayWork gateway = gatewayKey == null ? null : gateways.get(gatewayKey);
        if (gateway == null) {
            return ParentReach.NOT_OURS;
        }
        boolean candidates = false;
        boolean allowed = false;
        List<ParentReach.Landing> landings = new ArrayList<>(1);
        List<ListenerState> listeners = gateway.listeners();
        for (int position = 0; position < listeners.size(); position++) {
            ListenerState listener = listeners.get(position);
            if (!Objects.equals(owner, listener.owner)
                    || parent.getSectionName() != null && !parent.getSectionName().equals(listener.name)
                    || parent.getPort() != null && parent.getPort() != listener.port) {
                continue;
            }
            candidates = true;
            if (!listener.supportedKinds.contains(route.kind())) {
                continue;
            }
            if (!mayRead && selectsNamespaces(listener.allowedRoutes)) {
                return null;
            }
            if (!namespaceAllowed(index, listener.allowedRoutes, listener.ownerNamespace, route.namespace())) {
                continue;
            }
            allowed = true;
            SortedSet<String> domains = domains(route, listener);
            if (!domains.isEmpty() || !route.kind().hasHostnames()) {
                landings.add(new ParentReach.Landing(position, isolated(domains, listener, listeners),
                        listener.protocol == ListenerProtocol.TLS && !listener.terminatesTls));
            }
        }
        ParentReach.Verdict verdict;
        if (!candidates) {
            verdict = owner != null && gateway.listenerSets().stream().noneMatch(listenerSet -> owner.equals(listenerSet.key()))
                    ? ParentReach.Verdict.LISTENER_SET_NOT_ATTACHED : ParentReach.Verdict.NO_MATCHING_LISTENER;
        } else if (!allowed) {
            verdict = ParentReach.Verdict.NOT_ALLOWED;
        } else if (landings.isEmpty()) {
            verdict = ParentReach.Verdict.NO_MATCHING_HOSTNAME;
        } else {
            verdict = ParentReach.Verdict.ATTACHED;
        }
        return new ParentReach(gatewayKey, verdict, List.copyOf(landings));
    }

    /**
     * The route's conditions for one parentRef; adds where it attaches to {@code placements} (by Gateway and
     * listener, so a route naming one listener twice attaches once).
     */
    private static List<dev.gantry.proto.Condition> conditions(RouteView route, ParentReference.Builder parent,
            ParentReach reach, RouteRules rules, long generation, Map<String, Placement> placements) {
        List<dev.gantry.proto.Condition> conditions = new ArrayList<>();
        boolean httpLike = route.kind() == RouteKind.HTTP_ROUTE || route.kind() == RouteKind.GRPC_ROUTE;
        boolean allRulesInvalid = httpLike && rules.noUsableRule();
        boolean toListenerSet = ListenerSets.KIND.equals(parent.getKind());
        switch (reach.verdict()) {
            case LISTENER_SET_NOT_ATTACHED -> conditions.add(Conditions.of(Conditions.ACCEPTED, false,
                    Conditions.REASON_NO_MATCHING_PARENT, "ListenerSet " + ObjectNames.of(parent.getNamespace(),
                            parent.getName()) + " is not attached to Gateway " + reach.gatewayKey(), generation));
            case NO_MATCHING_LISTENER -> conditions.add(Conditions.of(Conditions.ACCEPTED, false,
                    Conditions.REASON_NO_MATCHING_PARENT, "No listener of the " + (toListenerSet ? "ListenerSet" : "Gateway")
                            + " matches the parentRef's sectionName and port", generation));
            case NOT_ALLOWED -> conditions.add(Conditions.of(Conditions.ACCEPTED, false,
                    Conditions.REASON_NOT_ALLOWED_BY_LISTENERS,
                    "No listener allows a " + route.kind().kind + " from namespace " + route.namespace(), generation));
            case NO_MATCHING_HOSTNAME -> conditions.add(Conditions.of(Conditions.ACCEPTED, false,
                    Conditions.REASON_NO_MATCHING_LISTENER_HOSTNAME, "No listener hostname matches the route's hostnames",
                    generation));
            case ATTACHED -> {
                if (allRulesInvalid) {
                    conditions.add(Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_UNSUPPORTED_VALUE,
                            String.join("; ", rules.ruleProblems()), generation));
                } else {
                    conditions.add(Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED,
                            rules.notes().isEmpty() ? "Route is accepted"
                                    : "Route is accepted; " + String.join("; ", rules.notes()), generation));
                    for (ParentReach.Landing landing : reach.landings()) {
                        placements.putIfAbsent(reach.gatewayKey() + "#" + landing.position(), Placement.of(
                                reach.gatewayKey(), landing.position(), route, rules, landing.domains(),
                                landing.passthroughListener()));
                    }
                }
            }
            case NOT_OURS -> throw new IllegalArgumentException("no conditions for a parent not ours");
        }
        String unresolved = rules.unresolvedReason();
        conditions.add(unresolved == null
                ? Conditions.of(Conditions.RESOLVED_REFS, true, Conditions.REASON_RESOLVED_REFS,
                        "All references are resolved", generation)
                : Conditions.of(Conditions.RESOLVED_REFS, false, unresolved, rules.unresolvedMessage(), generation));
        if (httpLike && !allRulesInvalid && !rules.ruleProblems().isEmpty()) {
            // the spec wants the message to start with "Dropped Rule"
            conditions.add(Conditions.of(Conditions.PARTIALLY_INVALID, true, Conditions.REASON_UNSUPPORTED_VALUE,
                    "Dropped Rule: " + String.join("; ", rules.ruleProblems()), generation));
        }
        return conditions;
    }

    private static boolean selectsNamespaces(AllowedRoutes allowed) {
        return allowed != null && allowed.getNamespaces() != null && "Selector".equals(allowed.getNamespaces().getFrom());
    }

    /**
     * Listener isolation: a request goes to the most specific listener that matches its host, so a route
     * does not serve, through a broader listener, the hostnames a more specific listener of the same port
     * owns (GatewayHTTPListenerIsolation).
     */
    private static SortedSet<String> isolated(SortedSet<String> domains, ListenerState listener,
            List<ListenerState> listeners) {
        SortedSet<String> kept = new TreeSet<>(domains);
        for (ListenerState other : listeners) {
            if (other != listener && other.port == listener.port && (other.owner == null || other.programmable())
                    && Hostnames.moreSpecific(other.hostname, listener.hostname)) {
                kept.removeIf(domain -> Hostnames.contains(other.hostname, domain));
            }
        }
        return kept;
    }

    /**
     * The hostnames a route serves on a listener. A route without hostnames takes the listener's, or
     * {@code *}; for a TLSRoute the result names SNI values.
     */
    private static SortedSet<String> domains(RouteView route, ListenerState listener) {
        SortedSet<String> domains = new TreeSet<>();
        if (!route.kind().hasHostnames()) {
            return domains;
        }
        if (route.hostnames().isEmpty()) {
            domains.add(listener.hostname == null ? Hostnames.ANY : listener.hostname);
            return domains;
        }
        route.hostnames().forEach(hostname -> Hostnames.intersect(listener.hostname, hostname).ifPresent(domains::add));
        return domains;
    }

    private static boolean namespaceAllowed(ResourceIndex index, AllowedRoutes allowed, String gatewayNamespace,
            String routeNamespace) {
        String from = allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null
                ? "Same" : allowed.getNamespaces().getFrom();
        return switch (from) {
            case "All" -> true;
            case "Same" -> Objects.equals(gatewayNamespace, routeNamespace);
            case "Selector" -> index.namespace(routeNamespace)
                    .map(Namespace::getMetadata)
                    .map(metadata -> LabelSelectors.matches(allowed.getNamespaces().getSelector(), metadata.getLabels()))
                    .orElse(false);
            default -> false;
        };
    }

    // ---- common

    private static ResourceKey keyOf(HasMetadata object, String group, String kind) {
        return new ResourceKey(group, kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private static ResourceStatus.Builder statusOf(ResourceIndex index, ResourceKey key, long generation) {
        String apiVersion = index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                .orElse(key.group() + "/v1");
        return ResourceStatus.newBuilder()
                .setApiVersion(apiVersion)
                .setKind(key.kind())
                .setNamespace(key.namespace())
                .setName(key.name())
                .setObservedGeneration(generation);
    }

    private final RouteAttachments attachments = new RouteAttachments();
    private final SortedStatuses sortedStatuses = new SortedStatuses();
    private final RoutePolicyUses policyUses = new RoutePolicyUses();
    /** What the last round of every Gateway read itself, or {@code null} when the last round was not one. */
    private Reads lastFullRound;
    private final ResolvedBackends backends = new ResolvedBackends();
    /** Per Gateway, how the routes attached to it use backends, counted as attachments come and go. */
    private final Map<String, BackendUsage> usage = new HashMap<>();
    /**
     * This round's ListenerSets naming a Gateway at work, by {@code <namespace>/<name>}: their Gateway. ListenerSets
     * are not routes, so a change to one moves the epoch and no attachment made with an older map is reused.
     */
    private Map<String, String> listenerSetGateways = Map.of();

    private IrTranslator() {
    }

    /** A translator that remembers nothing yet. */
    public static IrTranslator create() {
        return new IrTranslator();
    }

}
