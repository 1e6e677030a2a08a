package dev.gantry.translator.policy;

import java.util.List;
import java.util.Map;

/** The Secrets a policy check may look at: by name, and by labels within a namespace. */
public interface SecretsView {

    boolean exists(String namespace, String name);

    /** {@code <namespace>/<name>} of the Secrets of {@code namespace} carrying every one of {@code labels}. */
    List<String> selected(String namespace, Map<String, String> labels);
}
