/**
 * The intermediate model between the Gateway API and Envoy (as Envoy Gateway's IR): per Gateway, the
 * listeners that can be programmed with the routes attached to each, every reference already resolved
 * and validated. Stage one ({@link dev.gantry.translator.model.ir.IrTranslator}) builds it, together
 * with the status of every object, from the {@link dev.gantry.translator.model.ResourceIndex}; stage
 * two ({@code dev.gantry.translator.envoy}) turns it into Envoy resources without looking back at the
 * Gateway API. Everything here is immutable data.
 */
package dev.gantry.translator.model.ir;
