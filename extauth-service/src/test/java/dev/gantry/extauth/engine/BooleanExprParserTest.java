package dev.gantry.extauth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.engine.BooleanExpr.And;
import dev.gantry.extauth.engine.BooleanExpr.Check;
import dev.gantry.extauth.engine.BooleanExpr.Not;
import dev.gantry.extauth.engine.BooleanExpr.Or;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import org.junit.jupiter.api.Test;

class BooleanExprParserTest {

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() throws Exception {
        assertThat(BooleanExprParser.parse("a || b && !c")).isEqualTo(
                new Or(new Check("a"), new And(new Check("b"), new Not(new Check("c")))));
    }

    @Test
    void parenthesesAndGlooStyleNames() throws Exception {
        assertThat(BooleanExprParser.parse("(basic1 || basic-2 || (oidc.1 && !oidc_2))")).isEqualTo(
                new Or(new Or(new Check("basic1"), new Check("basic-2")),
                        new And(new Check("oidc.1"), new Not(new Check("oidc_2")))));
        assertThat(BooleanExprParser.parse("  !!a ")).isEqualTo(new Not(new Not(new Check("a"))));
    }

    @Test
    void refusesMalformedExpressions() {
        for (String bad : new String[] {"", "a &&", "(a || b", "a b", "a & b", "a || || b", ")", "a)"}) {
            assertThatThrownBy(() -> BooleanExprParser.parse(bad)).as(bad)
                    .isInstanceOf(InvalidAuthConfigException.class).hasMessageStartingWith("booleanExpr: ");
        }
    }
}
