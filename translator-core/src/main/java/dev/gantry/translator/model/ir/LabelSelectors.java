package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes label selector semantics: every matchLabels entry and every matchExpressions requirement must hold. */
final class LabelSelectors {

    /** A label name, or the name part of a qualified key (Kubernetes' IsQualifiedName / IsValidLabelValue). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;

    private LabelSelectors() {
    }

    /**
     * Why the selector is not one the Kubernetes API would accept as a label selector (apimachinery's
     * LabelSelectorAsSelector: known operators, values only with In/NotIn and at least one there, qualified keys,
     * valid label values), or empty when it is valid.
     */
    static Optional<String> problem(LabelSelector selector) {
        List<String> problems = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((key, value) -> {
                keyProblem(key).ifPresent(problems::add);
                valueProblem(key, value).ifPresent(problems::add);
            });
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (requirement == null) {
                    continue;
                }
                String key = requirement.getKey();
                keyProblem(key).ifPresent(problems::add);
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
                switch (operator) {
                    case "In", "NotIn" -> {
                        if (values.isEmpty()) {
                            problems.add("operator " + operator + " of key " + key + " needs at least one value");
                        }
                    }
                    case "Exists", "DoesNotExist" -> {
                        if (!values.isEmpty()) {
                            problems.add("operator " + operator + " of key " + key + " takes no values");
                        }
                    }
                    default -> problems.add("operator '" + operator + "' of key " + key
                            + " is not one of In, NotIn, Exists, DoesNotExist");
                }
                values.forEach(value -> valueProblem(key, value).ifPresent(problems::add));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("a key is empty");
        }
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean valid = name.length() <= MAX_NAME && NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= MAX_PREFIX && DNS_SUBDOMAIN.matcher(prefix).matches());
        return valid ? Optional.empty() : Optional.of("key '" + key + "' is not a valid label key");
    }

    private static Optional<String> valueProblem(String key, String value) {
        String text = value == null ? "" : value;
        boolean valid = text.isEmpty() || text.length() <= MAX_NAME && NAME.matcher(text).matches();
        return valid ? Optional.empty() : Optional.of("value '" + text + "' of key " + key + " is not a valid label value");
    }

    /**
     * An absent selector selects nothing (Gateway API requires one with {@code from: Selector}), and so does an
     * invalid one ({@link #problem}): its listener is not accepted, and admits no route either.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || problem(selector).isPresent()) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (requirement != null && !holds(requirement, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false; // an unknown operator selects nothing rather than everything
        };
    }
}
