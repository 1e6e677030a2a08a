package dev.gantry.translator.model.ir.policy;

/** A listener reads the PROXY protocol header; {@code optional}: connections without one are accepted too. */
public record ProxyProtocolIr(boolean optional) {
}
