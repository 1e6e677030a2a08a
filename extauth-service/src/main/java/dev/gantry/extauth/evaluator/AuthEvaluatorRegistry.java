package dev.gantry.extauth.evaluator;

import dev.gantry.model.auth.AuthCheck;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Maps a check to the one factory of its kind (every {@link AuthEvaluatorFactory} bean in the context). */
@Component
public class AuthEvaluatorRegistry {

    private final List<AuthEvaluatorFactory> factories;

    @Autowired
    public AuthEvaluatorRegistry(ObjectProvider<AuthEvaluatorFactory> factories) {
        this(factories.orderedStream().toList());
    }

    public AuthEvaluatorRegistry(List<AuthEvaluatorFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** The factory for {@code check}. */
    public AuthEvaluatorFactory factoryFor(AuthCheck check) throws InvalidAuthConfigException {
        List<AuthEvaluatorFactory> matching = factories.stream().filter(f -> f.appliesTo(check)).toList();
        if (matching.isEmpty()) {
            throw new InvalidAuthConfigException("no evaluator for this kind of check (this extauth-service "
                    + "supports " + kinds() + ")");
        }
        if (matching.size() > 1) {
            throw new InvalidAuthConfigException("the check sets more than one kind: "
                    + matching.stream().map(AuthEvaluatorFactory::kind).toList());
        }
        return matching.get(0);
    }

    public List<String> kinds() {
        return factories.stream().map(AuthEvaluatorFactory::kind).sorted().toList();
    }
}
