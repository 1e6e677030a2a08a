package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * A Request- or ResponseHeaderModifier, checked: the headers to write, in the order written ({@code set} ones
 * first, then {@code add} ones), and the names to remove.
 */
public record HeaderEditsIr(List<Header> toAdd, List<String> toRemove) {

    public HeaderEditsIr {
        toAdd = List.copyOf(toAdd);
        toRemove = List.copyOf(toRemove);
    }

    /**
     * @param replace {@code set} (overwrite an existing header) rather than {@code add} (append to it)
     */
    public record Header(String name, String value, boolean replace) {
    }
}
