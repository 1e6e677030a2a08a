package dev.gantry.extauth.evaluator.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.model.auth.AuthCheck;
import org.springframework.stereotype.Component;

/**
 * {@code cel}: an authorization decision in CEL, type-checked when the config is compiled (a typo or a non-bool
 * result refuses the config instead of denying at run time).
 */
@Component
public class CelEvaluatorFactory implements AuthEvaluatorFactory {

    /** The environment: {@code request} and {@code identity}, both maps from string to anything. */
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("identity", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();

    @Override
    public String kind() {
        return "cel";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.cel() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        String expression = check.cel().expression();
        if (expression == null || expression.isBlank()) {
            throw new InvalidAuthConfigException("cel.expression is empty");
        }
        CelValidationResult result = CEL.compile(expression);
        if (result.hasError()) {
            throw new InvalidAuthConfigException("cel.expression does not compile: " + result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new CelEvaluator(CEL.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidAuthConfigException("cel.expression: " + e.getMessage());
        }
    }
}
