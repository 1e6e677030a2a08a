package dev.gantry.translator.model.ir.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Policies attached to one IR node (a rule, a listener, a backend) by the feature that resolved them, keyed by
 * the policy's record class: a feature finds its own policy and never sees another's (kgateway's
 * {@code AttachedPolicies}). Immutable; {@link #with} returns a copy.
 */
public final class AttachedPolicies {

    public static final AttachedPolicies NONE = new AttachedPolicies(Map.of());

    private final Map<Class<?>, Object> byType;

    private AttachedPolicies(Map<Class<?>, Object> byType) {
        this.byType = byType;
    }

    /** The policy of this type, if one is attached. */
    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(type)));
    }

    /** A copy with {@code policy} attached in place of any earlier one of its class. */
    public AttachedPolicies with(Object policy) {
        Map<Class<?>, Object> copy = new LinkedHashMap<>(byType);
        copy.put(policy.getClass(), policy);
        return new AttachedPolicies(Map.copyOf(copy));
    }

    /** A copy with every policy of {@code others} attached, in place of any earlier one of its class. */
    public AttachedPolicies withAll(AttachedPolicies others) {
        if (others.isEmpty()) {
            return this;
        }
        Map<Class<?>, Object> copy = new LinkedHashMap<>(byType);
        copy.putAll(others.byType);
        return new AttachedPolicies(Map.copyOf(copy));
    }

    /** Each attached policy. */
    public void forEach(java.util.function.Consumer<Object> action) {
        byType.values().forEach(action);
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttachedPolicies that && byType.equals(that.byType);
    }

    @Override
    public int hashCode() {
        return byType.hashCode();
    }

    @Override
    public String toString() {
        return byType.values().toString();
    }
}
