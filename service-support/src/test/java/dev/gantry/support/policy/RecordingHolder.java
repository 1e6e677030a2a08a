package dev.gantry.support.policy;

import dev.gantry.proto.PolicyConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A holder as a service has one, with the smallest compiler there is: a spec {@code limit:<number>} compiles,
 * {@code crash} fails as a compiler bug would, anything else is refused. It keeps what it serves, for the tests to look at.
 */
final class RecordingHolder implements PolicyHolder {

    record Served(long version, int limit) {
    }

    final Map<String, Served> served = new ConcurrentHashMap<>();

    @Override
    public void serve(PolicyName name, long version, PolicyConfig config) throws InvalidPolicyException {
        String spec = config.getSpecJson();
        if (spec.equals("crash")) {
            throw new IllegalStateException("a compiler fault");
        }
        if (!spec.matches("limit:\\d{1,9}")) {
            throw new InvalidPolicyException("not limit:<number>");
        }
        served.put(name.configId(), new Served(version, Integer.parseInt(spec.substring("limit:".length()))));
    }

    @Override
    public String refuse(PolicyName name, long version) {
        return "the previous version stays";
    }

    @Override
    public void remove(PolicyName name) {
        served.remove(name.configId());
    }

    Served get(String configId) {
        return served.get(configId);
    }
}
