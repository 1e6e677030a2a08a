package dev.gantry.translator.envoy;

import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.IrResult;
import dev.gantry.translator.model.ir.IrTranslator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Translates the Gateway API resources of the index into Envoy resources, in two pure stages (as Envoy
 * Gateway does): {@link IrTranslator} builds the intermediate model and the status of every object,
 * {@link EnvoyTranslator} turns each Gateway's model into Envoy resources. Deterministic: both stages
 * remember what they built last time only to hand over the same objects for unchanged input, which never
 * changes the result. Not thread-safe: one translator thread owns it.
 */
public final class GatewayTranslator {

    public static final String CONTROLLER_NAME = IrTranslator.CONTROLLER_NAME;
    /** Every Gateway: one instance, so that rounds of {@link #translateAll(ResourceIndex)} compare equal. */
    private static final Predicate<String> ALL = gateway -> true;

    private final IrTranslator ir = IrTranslator.create();
    private final EnvoyTranslator envoy;

    /**
     * With the translator's features ({@link FeatureSet#builtIns()}: the Gateway API's rule filters, timeouts,
     * retries and CORS), the same set in both stages.
     */
    public GatewayTranslator() {
        this.envoy = new EnvoyTranslator(FeatureSet.builtIns());
    }

    /** With the built-in features, their rate-limit and ext-auth filters calling {@code services}. */
    public GatewayTranslator(dev.gantry.translator.features.PolicyServices services) {
        this.envoy = new EnvoyTranslator(FeatureSet.builtIns(services));
    }

    /** {@code <namespace>/<name>} of every Gateway whose GatewayClass has our controllerName, sorted. */
    public List<String> gateways(ResourceIndex index) {
        return ir.gateways(index);
    }

    /**
     * The Envoy resources of one Gateway ({@code <namespace>/<name>}); empty when the index holds no
     * such Gateway of ours.
     */
    public EnvoyResources translate(ResourceIndex index, String gateway) {
        GatewayIr model = ir.translate(index, gateway::equals).gateways().get(gateway);
        return model == null ? EnvoyResources.empty() : envoy.translate(model);
    }

    /**
     * Every Gateway of ours and the status of every object, in one pass over the index; what was remembered of
     * Gateways that are gone is dropped.
     */
    public TranslationResult translateAll(ResourceIndex index) {
        return translateAll(index, ALL);
    }

    /**
     * Only the Gateways {@code wanted} accepts (by {@code <namespace>/<name>}): their Envoy resources and the
     * statuses this gives (routes carry only their parents among those Gateways, BackendTLSPolicies only those
     * ancestors; statuses that do not depend on the Gateways are all there). What was remembered of Gateways no
     * longer wanted is dropped. Rounds with an equal {@code wanted} reuse what the last one built; a different one
     * (a translator replica's shards moved) translates the newly wanted Gateways fully.
     */
    public TranslationResult translateAll(ResourceIndex index, Predicate<String> wanted) {
        // A batch that changed nothing the last translation read (an unused Secret, a Service or EndpointSlice no
        // route uses, a route of another controller's Gateway...) cannot change its result.
        if (last != null && last.index() == index && last.wanted().equals(wanted) && ir.unchangedSinceFullRound(index)) {
            return last.result();
        }
        IrResult result = ir.translateRound(index, wanted);
        SortedMap<String, EnvoyResources> gateways = new TreeMap<>();
        result.gateways().forEach((name, model) -> gateways.put(name, envoy.translate(model)));
        envoy.retainGateways(result.gateways().keySet());
        TranslationResult translation = new TranslationResult(gateways, result.statuses());
        last = new LastTranslation(index, wanted, translation);
        return translation;
    }

    /** The last {@link #translateAll}. */
    private record LastTranslation(ResourceIndex index, Predicate<String> wanted, TranslationResult result) {
    }

    private LastTranslation last;

    /** The Gateways stage two remembers results of (for tests). */
    java.util.Set<String> rememberedGateways() {
        return envoy.rememberedGateways();
    }
}
